package dev.commandeer.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.MattermostConfig;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunOrigin;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.Store;
import dev.commandeer.webhook.WebhookConversation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An answer to a webhook typed in a thread reply goes into the thread's root through the outbox:
 * the HTTP answer comes once the outbox holds it, and if the store cannot take it, the answer is
 * posted in the channel instead of being lost.
 */
class ThreadAnswerTest {

  private static final String TOKEN = "bot-token-for-thread-answers";
  private static final String CHANNEL = FakeMattermost.newId();

  private Vertx vertx;
  private FakeMattermost fake;
  private MattermostClient client;
  private final AtomicBoolean storeRefuses = new AtomicBoolean();
  private final AtomicInteger finishedWithReply = new AtomicInteger();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Promise<Void> marked = Promise.promise();
  private final MemoryStore memory = new MemoryStore();
  private ReplyOutbox outbox;
  private ReplyPlanner planner;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeMattermost.start(vertx, TOKEN).await();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    client =
        new MattermostClient(
            vertx,
            new MattermostConfig(fake.baseUrl(), TOKEN, Duration.ofSeconds(5)),
            MattermostClientOptions.defaults(),
            registry);
    outbox =
        new ReplyOutbox(vertx, new ReplySender(client), store(), "me", Clock.systemUTC(), registry);
    Bot bot = new MattermostBot(client);
    planner =
        new ReplyPlanner(
            vertx,
            Duration.ofSeconds(2),
            bot,
            outbox,
            memory,
            new LaterReplies(vertx, bot, outbox, memory));
  }

  @AfterEach
  void stop() {
    outbox.stop();
    client.close();
    fake.close().await();
    vertx.close().await();
  }

  /** The memory store, whose outbox writes fail while {@link #storeRefuses} is set. */
  private Store store() {
    return (Store)
        Proxy.newProxyInstance(
            Store.class.getClassLoader(),
            new Class<?>[] {Store.class},
            (proxy, method, args) -> {
              if (method.getName().equals("finishRun") && args.length == 4) {
                finishedWithReply.incrementAndGet();
              }
              String call = method.getName() + "/" + (args == null ? 0 : args.length);
              calls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
              if ((method.getName().equals("enqueueReply") || call.equals("insertRunOnce/5"))
                  && storeRefuses.get()) {
                return Future.failedFuture(new IllegalStateException("database is down"));
              }
              try {
                Object result = method.invoke(memory, args);
                if (method.getName().equals("markDelivered")) {
                  ((Future<?>) result).onSuccess(v -> marked.tryComplete());
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private WebhookConversation typedIn(String postId) {
    return new WebhookConversation(
        new Invocation(
            Invocation.Ingress.WEBHOOK,
            "hook",
            "t1",
            "team",
            CHANNEL,
            "ops",
            "u1",
            "alice",
            "help",
            "help",
            postId,
            "",
            Instant.now()));
  }

  @Test
  void answer_in_a_thread_reply_goes_to_the_root_once_the_outbox_holds_it() throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);

    Reply answer =
        planner.now(typedIn(reply), Reply.thread("the answer")).await(10, TimeUnit.SECONDS);

    assertThat(answer.visibility()).isEqualTo(Reply.Visibility.NONE);
    fake.until(() -> fake.posts().stream().anyMatch(p -> p.message().equals("the answer")))
        .timeout(10, TimeUnit.SECONDS)
        .await();
    assertThat(fake.posts())
        .filteredOn(p -> p.message().equals("the answer"))
        .singleElement()
        .extracting(FakePost::rootId)
        .isEqualTo(root);
  }

  @Test
  void built_in_answer_in_a_thread_records_its_run_with_the_reply_and_marks_it_delivered()
      throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);
    RunRecord run =
        memory
            .insertRun(
                RunRecord.queued(
                    "me",
                    new RunOrigin(
                        "webhook", "t1", "team", CHANNEL, "ops", "u1", "alice", reply, ""),
                    "echo",
                    "hi",
                    Instant.now()))
            .await();
    RunOutcome done = new RunOutcome(RunStatus.SUCCEEDED, null, Instant.now(), Duration.ZERO);

    Reply answer =
        planner.now(typedIn(reply), Reply.thread("hi"), run.id(), done).await(10, TimeUnit.SECONDS);

    assertThat(answer.visibility()).isEqualTo(Reply.Visibility.NONE);
    assertThat(finishedWithReply).hasValue(1);
    fake.until(() -> fake.posts().stream().anyMatch(p -> p.message().equals("hi")))
        .timeout(10, TimeUnit.SECONDS)
        .await();
    String posted =
        fake.posts().stream().filter(p -> p.message().equals("hi")).findFirst().orElseThrow().id();
    marked.future().await(10, TimeUnit.SECONDS);
    RunRecord recorded = memory.findRun(run.id()).await().orElseThrow();
    assertThat(recorded.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(recorded.replyState()).isEqualTo(ReplyState.DELIVERED);
    assertThat(recorded.replyPostId()).isEqualTo(posted);
  }

  private FirstRun firstRun(String postId) {
    RunRecord ended =
        RunRecord.queued(
                "me",
                new RunOrigin("webhook", "t1", "team", CHANNEL, "ops", "u1", "alice", postId, ""),
                "echo",
                "hi",
                Instant.now())
            .finished(new RunOutcome(RunStatus.SUCCEEDED, null, Instant.now(), Duration.ZERO));
    return new FirstRun("post:" + postId, Duration.ofHours(1), ended);
  }

  private int calls(String call) {
    return calls.getOrDefault(call, new AtomicInteger()).get();
  }

  @Test
  void a_run_answered_before_it_is_recorded_is_recorded_with_its_key_and_reply_in_one_write()
      throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);
    FirstRun first = firstRun(reply);

    Reply answer =
        planner
            .first(typedIn(reply), Reply.thread("hi"), first)
            .await(10, TimeUnit.SECONDS)
            .reply();

    assertThat(answer.visibility()).isEqualTo(Reply.Visibility.NONE);
    assertThat(calls("insertRunOnce/5")).isEqualTo(1);
    assertThat(calls("insertRunOnce/3") + calls("insertRun/1") + calls("finishRun/2")).isZero();
    assertThat(calls("finishRun/4") + calls("enqueueReply/2")).isZero();
    marked.future().await(10, TimeUnit.SECONDS);
    FakePost posted =
        fake.posts().stream().filter(p -> p.message().equals("hi")).findFirst().orElseThrow();
    assertThat(posted.rootId()).isEqualTo(root);
    RunRecord recorded = memory.findRun(first.run().id()).await().orElseThrow();
    assertThat(recorded.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(recorded.replyState()).isEqualTo(ReplyState.DELIVERED);
    assertThat(recorded.replyPostId()).isEqualTo(posted.id());
    assertThat(memory.claimOnce("post:" + reply, "other", Duration.ofHours(1)).await())
        .contains(first.run().id());
  }

  @Test
  void a_post_answered_before_it_is_recorded_twice_is_recorded_and_posted_once() throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);
    FirstRun first = firstRun(reply);
    FirstRun copy = firstRun(reply);

    planner.first(typedIn(reply), Reply.thread("hi"), first).await(10, TimeUnit.SECONDS);
    Answer again =
        planner.first(typedIn(reply), Reply.thread("hi"), copy).await(10, TimeUnit.SECONDS);

    assertThat(again.repeatOf()).isEqualTo(first.run().id());
    marked.future().await(10, TimeUnit.SECONDS);
    assertThat(memory.findRun(copy.run().id()).await()).isEmpty();
    assertThat(memory.pendingCount().await()).isZero();
    assertThat(fake.posts()).filteredOn(p -> p.message().equals("hi")).hasSize(1);
  }

  @Test
  void an_answer_whose_run_cannot_be_recorded_is_posted_in_the_channel_instead_of_lost()
      throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);
    storeRefuses.set(true);

    Reply answer =
        planner
            .first(typedIn(reply), Reply.thread("hi"), firstRun(reply))
            .await(10, TimeUnit.SECONDS)
            .reply();

    assertThat(answer).isEqualTo(Reply.channel("hi"));
    assertThat(fake.posts()).noneMatch(p -> p.message().equals("hi"));
  }

  @Test
  void answer_the_outbox_cannot_keep_is_posted_in_the_channel_instead_of_lost() throws Exception {
    String root = fake.seedPost(CHANNEL, "");
    String reply = fake.seedPost(CHANNEL, root);
    storeRefuses.set(true);

    Reply answer =
        planner.now(typedIn(reply), Reply.thread("the answer")).await(10, TimeUnit.SECONDS);

    assertThat(answer.visibility()).isEqualTo(Reply.Visibility.CHANNEL);
    assertThat(answer.text()).isEqualTo("the answer");
    assertThat(fake.posts()).noneMatch(p -> p.message().equals("the answer"));
  }
}
