package dev.commandeer.reply;

import static dev.commandeer.reply.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.MattermostConfig;
import dev.commandeer.store.DeliveredReply;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.OutboxClaim;
import dev.commandeer.store.OutboxItem;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunOrigin;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the delivery worker uses the store: claims, leases and the records of what it delivered. */
class ReplyOutboxTest {

  private static final String TOKEN = "bot-token-for-outbox-tests";
  private static final String CHANNEL = FakeMattermost.newId();

  private Vertx vertx;
  private FakeMattermost fake;
  private SimpleMeterRegistry registry;
  private MattermostClient client;
  private final MemoryStore memory = new MemoryStore();
  private final StoreCalls calls = new StoreCalls(memory);
  private ReplyOutbox outbox;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = await(FakeMattermost.start(vertx, TOKEN));
    registry = new SimpleMeterRegistry();
    client =
        new MattermostClient(
            vertx,
            new MattermostConfig(fake.baseUrl(), TOKEN, Duration.ofSeconds(5)),
            MattermostClientOptions.defaults(),
            registry);
    outbox =
        new ReplyOutbox(
            vertx, new ReplySender(client), calls.store(), "me", Clock.systemUTC(), registry);
  }

  @AfterEach
  void stop() throws Exception {
    outbox.stop();
    client.close();
    await(fake.close());
    await(vertx.close());
  }

  private static Delivery post(int n) {
    return new Delivery.Create("run" + n, NewPost.inChannel(CHANNEL, "reply " + n));
  }

  private double delivered() {
    return registry.counter("commandeer.outbox.replies", "outcome", "delivered").count();
  }

  private Future<Void> allDelivered(int count) {
    return when(() -> delivered() >= count);
  }

  /**
   * Completes once {@code condition} holds, checked every few milliseconds. The timer is set from
   * its own event loop, so it cannot fire before Vert.x has finished setting it up.
   */
  private Future<Void> when(BooleanSupplier condition) {
    Promise<Void> holds = Promise.promise();
    vertx.runOnContext(
        v ->
            vertx.setPeriodic(
                5,
                timer -> {
                  if (condition.getAsBoolean()) {
                    holds.tryComplete();
                    vertx.cancelTimer(timer);
                  }
                }));
    return holds.future();
  }

  @Test
  void a_reply_submitted_while_a_slot_is_free_is_delivered_without_being_claimed()
      throws Exception {
    outbox.start();

    await(outbox.submit(post(1)));
    await(fake.awaitPosts(1));
    await(allDelivered(1));

    assertThat(calls.claimedItems).isEmpty();
    assertThat(calls.leasedAsKept).hasValue(1);
    assertThat(fake.posts())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("reply 1"));
    assertThat(await(memory.pendingCount())).isZero();
  }

  @Test
  void replies_delivered_while_a_record_is_under_way_are_recorded_by_the_next_one_together()
      throws Exception {
    outbox.start();
    calls.holdMarks();

    for (int i = 0; i < 20; i++) {
      await(outbox.submit(post(i)));
    }
    await(allDelivered(20));
    assertThat(calls.markBatches).as("the first record is still under way").hasSize(1);
    calls.releaseMarks();
    await(when(() -> calls.marked() == 20));

    assertThat(calls.markBatches).hasSize(2);
    assertThat(calls.singleMarks).hasValue(0);
    assertThat(await(memory.pendingCount())).isZero();
  }

  @Test
  void no_more_replies_are_leased_at_once_than_there_are_slots_and_each_is_delivered_once()
      throws Exception {
    outbox.start();
    int replies = ReplyOutbox.MAX_IN_FLIGHT * 2 + 10;

    List<Future<Void>> submitted =
        IntStream.range(0, replies).mapToObj(i -> outbox.submit(post(i))).toList();
    await(Future.all(submitted));
    await(allDelivered(replies));

    assertThat(calls.maxLeased.get()).isLessThanOrEqualTo(ReplyOutbox.MAX_IN_FLIGHT);
    assertThat(calls.claimedItems)
        .as("those beyond the free slots waited for a claim")
        .isNotEmpty();
    assertThat(fake.requests("POST", "/api/v4/posts")).hasSize(replies);
    assertThat(fake.posts()).hasSize(replies);
    assertThat(await(memory.pendingCount())).isZero();
  }

  @Test
  void a_reply_submitted_with_its_runs_outcome_records_both() throws Exception {
    outbox.start();
    RunOrigin origin = new RunOrigin("webhook", "t", "team", CHANNEL, "ops", "u", "al", "p", "");
    RunRecord run =
        await(memory.insertRun(RunRecord.queued("me", origin, "later", "", Instant.now())));
    await(memory.startRun(run.id(), Instant.now()));
    RunOutcome outcome = new RunOutcome(RunStatus.SUCCEEDED, 0, Instant.now(), Duration.ZERO);

    await(
        outbox.submit(new Delivery.Create(run.id(), NewPost.inChannel(CHANNEL, "done")), outcome));
    await(allDelivered(1));
    await(when(() -> calls.marked() == 1));

    RunRecord stored = await(memory.findRun(run.id())).orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(stored.exitCode()).isZero();
    assertThat(stored.replyState()).isEqualTo(ReplyState.DELIVERED);
    assertThat(stored.replyPostId()).isEqualTo(fake.posts().get(0).id());
    assertThat(calls.finishedWithReply).hasValue(1);
  }

  /**
   * The memory store behind a proxy that notes what the outbox asks of it, and can hold the records
   * of delivered replies until the test releases them.
   */
  private static final class StoreCalls {
    private final MemoryStore inner;
    final List<OutboxItem> claimedItems = Collections.synchronizedList(new ArrayList<>());
    final List<List<DeliveredReply>> markBatches = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger singleMarks = new AtomicInteger();
    final AtomicInteger leasedAsKept = new AtomicInteger();
    final AtomicInteger finishedWithReply = new AtomicInteger();
    final AtomicInteger leased = new AtomicInteger();
    final AtomicInteger maxLeased = new AtomicInteger();
    private volatile Promise<Void> gate;

    StoreCalls(MemoryStore inner) {
      this.inner = inner;
    }

    Store store() {
      return (Store)
          Proxy.newProxyInstance(
              Store.class.getClassLoader(),
              new Class<?>[] {Store.class},
              (proxy, method, args) -> call(method, args));
    }

    void holdMarks() {
      gate = Promise.promise();
    }

    void releaseMarks() {
      gate.complete();
    }

    int marked() {
      synchronized (markBatches) {
        return markBatches.stream().mapToInt(List::size).sum();
      }
    }

    @SuppressWarnings("unchecked")
    private Object call(Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("markDelivered") && args[0] instanceof List<?> batch) {
        markBatches.add(List.copyOf((List<DeliveredReply>) batch));
        Promise<Void> held = gate;
        Future<Void> after = held == null ? Future.succeededFuture() : held.future();
        return after.compose(
            v -> settled(batch.size(), inner.markDelivered((List<DeliveredReply>) batch)));
      }
      if (name.equals("markDelivered") || name.equals("reschedule") || name.equals("markDead")) {
        if (name.equals("markDelivered")) {
          singleMarks.incrementAndGet();
        }
        return settled(1, (Future<Void>) invoke(method, args));
      }
      if (name.equals("enqueueReply") && args.length == 2 && args[1] instanceof OutboxClaim) {
        leasedAsKept.incrementAndGet();
        lease(1);
      }
      if (name.equals("finishRun") && args.length == 4) {
        finishedWithReply.incrementAndGet();
        if (args[3] instanceof OutboxClaim) {
          leasedAsKept.incrementAndGet();
          lease(1);
        }
      }
      Object result = invoke(method, args);
      if (name.equals("claimDue")) {
        List<OutboxItem> items = ((Future<List<OutboxItem>>) result).result();
        claimedItems.addAll(items);
        lease(items.size());
      }
      return result;
    }

    private Future<Void> settled(int n, Future<Void> done) {
      leased.addAndGet(-n);
      return done;
    }

    private void lease(int n) {
      int now = leased.addAndGet(n);
      maxLeased.accumulateAndGet(now, Math::max);
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(inner, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
