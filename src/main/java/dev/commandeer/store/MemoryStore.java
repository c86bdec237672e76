package dev.commandeer.store;

import static io.vertx.core.Future.succeededFuture;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The store of a single process without a database: everything lives in maps and is gone when the
 * process stops. Thread-safe; every method answers at once. Memory stays bounded under any load:
 * the history keeps the latest {@value #MAX_RUNS} runs (active ones are never dropped, older ones
 * go when pruned), delivered replies are forgotten, and de-duplication keys and rate windows are
 * dropped once expired or when there are more than {@value #MAX_KEYS}.
 */
public final class MemoryStore implements Store {

  static final int MAX_RUNS = 10_000;
  static final int MAX_KEYS = 100_000;

  private final Clock clock;
  // active runs as records; ended ones encoded (RunCodec), which keeps them cheap for the GC
  private final Map<String, Object> runs = new LinkedHashMap<>();
  private final Map<String, Instant> heartbeats = new HashMap<>();
  private final Map<String, Delivery> outbox = new LinkedHashMap<>();
  private final ClaimTable claims = new ClaimTable(MAX_KEYS);
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
  private final Map<String, TreeMap<Integer, TodoItem>> todos = new HashMap<>();
  private final Map<String, Integer> lastTodoNumber = new HashMap<>();

  public MemoryStore() {
    this(Clock.systemUTC());
  }

  public MemoryStore(Clock clock) {
    this.clock = clock;
  }

  private record Delivery(OutboxItem item, String state, Instant leaseUntil) {}

  private record Window(Instant start, int hits, Duration length) {
    boolean endedBy(Instant now) {
      return !start.isAfter(now.minus(length));
    }
  }

  @Override
  public synchronized Future<RunRecord> insertRun(RunRecord run) {
    RunRecord stored = run;
    while (runs.containsKey(stored.id())) {
      stored = stored.withId(RunIds.next());
    }
    keep(stored);
    forgetOldRuns();
    return succeededFuture(stored);
  }

  @Override
  public synchronized Future<RunClaim> insertRunOnce(String key, Duration ttl, RunRecord run) {
    long now = epochMicros(clock.instant());
    String held = claims.holder(key, now);
    if (held != null) {
      return succeededFuture(RunClaim.held(held));
    }
    RunRecord stored = insertRun(run).result();
    claims.claim(key, stored.id(), now, expiry(now, ttl));
    return succeededFuture(RunClaim.recorded(stored));
  }

  @Override
  public synchronized Future<RunClaim> insertRunOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim) {
    long now = epochMicros(clock.instant());
    String held = claims.holder(key, now);
    if (held != null) {
      return succeededFuture(RunClaim.held(held));
    }
    String itemId = reply.apply(run.id()).id();
    if (outbox.containsKey(itemId)) {
      return Future.failedFuture(new IllegalStateException("outbox item exists: " + itemId));
    }
    RunClaim recorded = insertRunOnce(key, ttl, run).result();
    enqueueReply(reply.apply(recorded.run().id()), claim);
    return succeededFuture(recorded);
  }

  @Override
  public synchronized Future<Boolean> startRun(String runId, Instant startedAt) {
    RunRecord run = get(runId);
    if (run == null || run.status() != RunStatus.QUEUED) {
      return succeededFuture(false);
    }
    keep(run.started(startedAt));
    return succeededFuture(true);
  }

  @Override
  public synchronized Future<Boolean> finishRun(String runId, RunOutcome outcome) {
    RunRecord run = get(runId);
    if (run == null || !run.status().isActive()) {
      return succeededFuture(false);
    }
    keep(run.finished(outcome));
    return succeededFuture(true);
  }

  @Override
  public synchronized Future<Boolean> finishRun(
      String runId, RunOutcome outcome, OutboxItem reply, OutboxClaim claim) {
    if (outbox.containsKey(reply.id())) {
      return Future.failedFuture(new IllegalStateException("outbox item exists: " + reply.id()));
    }
    boolean finished = finishRun(runId, outcome).result();
    enqueueReply(reply, claim);
    return succeededFuture(finished);
  }

  @Override
  public synchronized Future<Boolean> updateReply(
      String runId, ReplyState state, String replyPostId) {
    RunRecord run = get(runId);
    if (run == null) {
      return succeededFuture(false);
    }
    keep(run.replied(state, replyPostId));
    return succeededFuture(true);
  }

  @Override
  public synchronized Future<Optional<RunRecord>> findRun(String runId) {
    return succeededFuture(Optional.ofNullable(get(runId)));
  }

  @Override
  public synchronized Future<List<RunRecord>> recentRuns(String channelId, int limit) {
    byte[] channel = channelId.getBytes(StandardCharsets.UTF_8);
    List<RunRecord> inChannel = new ArrayList<>();
    for (Object value : runs.values()) {
      if (value instanceof RunRecord run && run.origin().channelId().equals(channelId)) {
        inChannel.add(run);
      } else if (value instanceof byte[] ended && RunCodec.inChannel(ended, channel)) {
        inChannel.add(RunCodec.decode(ended));
      }
    }
    // Latest inserted first, so that runs created in the same microsecond keep that order.
    Collections.reverse(inChannel);
    inChannel.sort(Comparator.comparing(RunRecord::createdAt).reversed());
    return succeededFuture(inChannel.stream().limit(Math.max(0, limit)).toList());
  }

  @Override
  public synchronized Future<Void> heartbeat(String instanceId) {
    heartbeats.put(instanceId, Times.micros(clock.instant()));
    return succeededFuture();
  }

  @Override
  public synchronized Future<List<RunRecord>> claimOrphanedRuns(
      String instanceId, Duration staleAfter) {
    Instant now = Times.micros(clock.instant());
    Instant aliveSince = now.minus(staleAfter);
    List<RunRecord> orphans = new ArrayList<>();
    for (RunRecord run : activeRuns()) {
      Instant seen = heartbeats.get(run.instanceId());
      boolean ownerGone = seen == null || !seen.isAfter(aliveSince);
      if (!run.instanceId().equals(instanceId) && ownerGone) {
        orphans.add(run.interrupted(now));
      }
    }
    orphans.forEach(this::keep);
    return succeededFuture(List.copyOf(orphans));
  }

  @Override
  public synchronized Future<Boolean> requestCancel(String runId) {
    RunRecord run = get(runId);
    if (run == null || !run.status().isActive()) {
      return succeededFuture(false);
    }
    keep(run.withCancelRequested());
    return succeededFuture(true);
  }

  @Override
  public synchronized Future<List<String>> cancelRequests(String instanceId) {
    return succeededFuture(
        activeRuns().stream()
            .filter(run -> run.instanceId().equals(instanceId))
            .filter(RunRecord::cancelRequested)
            .map(RunRecord::id)
            .collect(Collectors.toUnmodifiableList()));
  }

  @Override
  public synchronized Future<Void> enqueueReply(OutboxItem item, OutboxClaim claim) {
    if (outbox.containsKey(item.id())) {
      return Future.failedFuture(new IllegalStateException("outbox item exists: " + item.id()));
    }
    if (claim == null) {
      outbox.put(item.id(), new Delivery(item, "pending", null));
    } else {
      Instant leaseUntil = Times.micros(clock.instant()).plus(claim.lease());
      outbox.put(item.id(), new Delivery(item.claimed(), "pending", leaseUntil));
    }
    return succeededFuture();
  }

  @Override
  public synchronized Future<List<OutboxItem>> claimDue(
      String instanceId, int max, Duration lease) {
    Instant now = Times.micros(clock.instant());
    List<Delivery> due =
        outbox.values().stream()
            .filter(d -> d.state().equals("pending") && !d.item().nextAttemptAt().isAfter(now))
            .filter(d -> d.leaseUntil() == null || !d.leaseUntil().isAfter(now))
            .sorted(Comparator.comparing(d -> d.item().nextAttemptAt()))
            .limit(Math.max(0, max))
            .collect(Collectors.toList());
    List<OutboxItem> claimed = new ArrayList<>();
    for (Delivery d : due) {
      OutboxItem item = d.item().claimed();
      outbox.put(item.id(), new Delivery(item, "pending", now.plus(lease)));
      claimed.add(item);
    }
    return succeededFuture(List.copyOf(claimed));
  }

  @Override
  public synchronized Future<Void> markDelivered(String itemId) {
    return settle(itemId, "delivered", null);
  }

  @Override
  public synchronized Future<Void> markDelivered(List<DeliveredReply> delivered) {
    for (DeliveredReply reply : delivered) {
      settle(reply.itemId(), "delivered", null);
      updateReply(reply.runId(), ReplyState.DELIVERED, reply.postId());
    }
    return succeededFuture();
  }

  @Override
  public synchronized Future<Void> reschedule(String itemId, Instant nextAttemptAt, String error) {
    Delivery d = outbox.get(itemId);
    if (d != null && d.state().equals("pending")) {
      outbox.put(itemId, new Delivery(d.item().deferred(nextAttemptAt, error), "pending", null));
    }
    return succeededFuture();
  }

  @Override
  public synchronized Future<Void> markDead(String itemId, String error) {
    return settle(itemId, "dead", error);
  }

  /**
   * Delivered replies are forgotten as they are marked, and ended rate windows when other hits
   * come; expired keys, old history, replies given up on and windows nobody hit for long go here.
   */
  @Override
  public synchronized Future<Long> prune(Instant deliveredBefore, Instant historyBefore, int max) {
    long gone = claims.dropExpired(epochMicros(clock.instant()), max);
    gone += forgetRunsCreatedBefore(historyBefore, max);
    gone += forgetDeadRepliesCreatedBefore(historyBefore, max);
    gone += forgetWindowsStartedBefore(clock.instant().minus(STALE_WINDOW), max);
    return succeededFuture(gone);
  }

  /** Windows are kept in the order they were last written, so the oldest come first. */
  private int forgetWindowsStartedBefore(Instant before, int max) {
    int gone = 0;
    var eldest = windows.values().iterator();
    while (gone < max && eldest.hasNext() && eldest.next().start().isBefore(before)) {
      eldest.remove();
      gone++;
    }
    return gone;
  }

  /**
   * From the oldest end: runs are kept in the order they were created, so this stops at the first
   * ended run created from {@code before} on. Active runs are passed over.
   */
  private int forgetRunsCreatedBefore(Instant before, int max) {
    int gone = 0;
    var eldest = runs.values().iterator();
    while (gone < max && eldest.hasNext()) {
      if (eldest.next() instanceof byte[] ended) {
        if (!RunCodec.decode(ended).createdAt().isBefore(before)) {
          break;
        }
        eldest.remove();
        gone++;
      }
    }
    return gone;
  }

  private int forgetDeadRepliesCreatedBefore(Instant before, int max) {
    int gone = 0;
    var items = outbox.values().iterator();
    while (gone < max && items.hasNext()) {
      Delivery d = items.next();
      if (d.state().equals("dead") && d.item().createdAt().isBefore(before)) {
        items.remove();
        gone++;
      }
    }
    return gone;
  }

  @Override
  public synchronized Future<Long> pendingCount() {
    return succeededFuture(
        outbox.values().stream().filter(d -> d.state().equals("pending")).count());
  }

  @Override
  public synchronized Future<Optional<String>> claimOnce(String key, String runId, Duration ttl) {
    long now = epochMicros(clock.instant());
    return succeededFuture(Optional.ofNullable(claims.claim(key, runId, now, expiry(now, ttl))));
  }

  @Override
  public synchronized Future<RateDecision> hit(
      String key, int limit, Duration window, Instant now) {
    Instant at = Times.micros(now);
    Window current = windows.get(key);
    if (current == null || !current.start().isAfter(at.minus(window))) {
      current = new Window(at, 0, window);
    }
    current = new Window(current.start(), current.hits() + 1, window);
    windows.remove(key);
    windows.put(key, current);
    trim(windows, w -> w.endedBy(at));
    if (current.hits() <= limit) {
      return succeededFuture(RateDecision.allow());
    }
    return succeededFuture(RateDecision.deny(Duration.between(at, current.start().plus(window))));
  }

  @Override
  public synchronized Future<TodoItem> addTodo(String channelId, String text, String author) {
    int number = lastTodoNumber.merge(channelId, 1, Integer::sum);
    TodoItem item = new TodoItem(channelId, number, text, author, clock.instant(), false);
    todos.computeIfAbsent(channelId, c -> new TreeMap<>()).put(number, item);
    return succeededFuture(item);
  }

  @Override
  public synchronized Future<List<TodoItem>> listTodos(String channelId) {
    return succeededFuture(List.copyOf(todos.getOrDefault(channelId, new TreeMap<>()).values()));
  }

  @Override
  public synchronized Future<Boolean> doneTodo(String channelId, int number) {
    TreeMap<Integer, TodoItem> items = todos.getOrDefault(channelId, new TreeMap<>());
    return succeededFuture(items.computeIfPresent(number, (n, item) -> item.markedDone()) != null);
  }

  @Override
  public synchronized Future<Boolean> deleteTodo(String channelId, int number) {
    TreeMap<Integer, TodoItem> items = todos.getOrDefault(channelId, new TreeMap<>());
    return succeededFuture(items.remove(number) != null);
  }

  @Override
  public Future<Void> ping() {
    return succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return succeededFuture();
  }

  private RunRecord get(String runId) {
    Object value = runs.get(runId);
    return value instanceof byte[] ended ? RunCodec.decode(ended) : (RunRecord) value;
  }

  private void keep(RunRecord run) {
    runs.put(run.id(), run.status().isActive() ? run : RunCodec.encode(run));
  }

  private List<RunRecord> activeRuns() {
    List<RunRecord> active = new ArrayList<>();
    for (Object value : runs.values()) {
      if (value instanceof RunRecord run) {
        active.add(run);
      }
    }
    return active;
  }

  /** {@code ttl} after {@code nowMicros}, at most the largest time there is. */
  private static long expiry(long nowMicros, Duration ttl) {
    if (ttl.getSeconds() >= (Long.MAX_VALUE - nowMicros) / 1_000_000) {
      return Long.MAX_VALUE;
    }
    return nowMicros + ttl.getSeconds() * 1_000_000 + ttl.getNano() / 1000;
  }

  private static long epochMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
  }

  /** Drops the oldest finished runs beyond {@link #MAX_RUNS}; active runs always stay. */
  private void forgetOldRuns() {
    var eldest = runs.values().iterator();
    int excess = runs.size() - MAX_RUNS;
    while (excess > 0 && eldest.hasNext()) {
      if (eldest.next() instanceof byte[]) {
        eldest.remove();
        excess--;
      }
    }
  }

  /**
   * Drops entries from the oldest end while they are expired, and beyond {@link #MAX_KEYS} in any
   * case. Entries are kept in the order they were last written, so the oldest come first.
   */
  private static <V> void trim(
      LinkedHashMap<String, V> map, java.util.function.Predicate<V> expired) {
    var eldest = map.values().iterator();
    while (eldest.hasNext()) {
      V value = eldest.next();
      if (map.size() > MAX_KEYS || expired.test(value)) {
        eldest.remove();
      } else {
        return;
      }
    }
  }

  private Future<Void> settle(String itemId, String state, String error) {
    Delivery d = outbox.get(itemId);
    if (d != null && d.state().equals("delivered")) {
      return succeededFuture();
    }
    if (d != null && d.state().equals("pending") && state.equals("delivered")) {
      outbox.remove(itemId);
      return succeededFuture();
    }
    if (d != null && d.state().equals("pending")) {
      OutboxItem item = error == null ? d.item() : d.item().failed(error);
      outbox.put(itemId, new Delivery(item, state, null));
    }
    return succeededFuture();
  }
}
