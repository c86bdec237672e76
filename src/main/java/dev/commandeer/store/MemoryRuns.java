package dev.commandeer.store;

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

/**
 * The run history and the replicas' heartbeats of a {@link MemoryStore}, which holds the lock.
 * Keeps the latest {@code maxRuns} runs; active ones are never dropped.
 */
final class MemoryRuns {

  private final Clock clock;
  private final int maxRuns;
  // active runs as records; ended ones encoded (RunCodec), which keeps them cheap for the GC
  private final Map<String, Object> runs = new LinkedHashMap<>();
  private final Map<String, Instant> heartbeats = new HashMap<>();

  MemoryRuns(Clock clock, int maxRuns) {
    this.clock = clock;
    this.maxRuns = maxRuns;
  }

  /** Keeps {@code run}, under a new id when its own is taken. */
  RunRecord insert(RunRecord run) {
    RunRecord stored = run;
    while (runs.containsKey(stored.id())) {
      stored = stored.withId(RunIds.next());
    }
    keep(stored);
    forgetBeyondMax();
    return stored;
  }

  boolean start(String runId, Instant startedAt) {
    RunRecord run = get(runId);
    if (run == null || run.status() != RunStatus.QUEUED) {
      return false;
    }
    keep(run.started(startedAt));
    return true;
  }

  boolean finish(String runId, RunOutcome outcome) {
    RunRecord run = get(runId);
    if (run == null || !run.status().isActive()) {
      return false;
    }
    keep(run.finished(outcome));
    return true;
  }

  boolean updateReply(String runId, ReplyState state, String replyPostId) {
    RunRecord run = get(runId);
    if (run == null) {
      return false;
    }
    keep(run.replied(state, replyPostId));
    return true;
  }

  Optional<RunRecord> find(String runId) {
    return Optional.ofNullable(get(runId));
  }

  List<RunRecord> recent(String channelId, int limit) {
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
    return inChannel.stream().limit(Math.max(0, limit)).toList();
  }

  void heartbeat(String instanceId) {
    heartbeats.put(instanceId, Times.micros(clock.instant()));
  }

  List<RunRecord> claimOrphaned(String instanceId, Duration staleAfter) {
    Instant now = Times.micros(clock.instant());
    Instant aliveSince = now.minus(staleAfter);
    List<RunRecord> orphans = new ArrayList<>();
    for (RunRecord run : active()) {
      Instant seen = heartbeats.get(run.instanceId());
      boolean ownerGone = seen == null || !seen.isAfter(aliveSince);
      if (!run.instanceId().equals(instanceId) && ownerGone) {
        orphans.add(run.interrupted(now));
      }
    }
    orphans.forEach(this::keep);
    return List.copyOf(orphans);
  }

  boolean requestCancel(String runId) {
    RunRecord run = get(runId);
    if (run == null || !run.status().isActive()) {
      return false;
    }
    keep(run.withCancelRequested());
    return true;
  }

  List<String> cancelRequests(String instanceId) {
    return active().stream()
        .filter(run -> run.instanceId().equals(instanceId))
        .filter(RunRecord::cancelRequested)
        .map(RunRecord::id)
        .toList();
  }

  /**
   * Forgets up to {@code max} ended runs created before {@code before}. Runs are kept in the order
   * they were created, so this stops at the first ended run created from then on; active runs are
   * passed over.
   */
  int forgetCreatedBefore(Instant before, int max) {
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

  private RunRecord get(String runId) {
    Object value = runs.get(runId);
    return value instanceof byte[] ended ? RunCodec.decode(ended) : (RunRecord) value;
  }

  private void keep(RunRecord run) {
    runs.put(run.id(), run.status().isActive() ? run : RunCodec.encode(run));
  }

  private List<RunRecord> active() {
    List<RunRecord> active = new ArrayList<>();
    for (Object value : runs.values()) {
      if (value instanceof RunRecord run) {
        active.add(run);
      }
    }
    return active;
  }

  /** Drops the oldest ended runs beyond {@code maxRuns}. */
  private void forgetBeyondMax() {
    var eldest = runs.values().iterator();
    int excess = runs.size() - maxRuns;
    while (excess > 0 && eldest.hasNext()) {
      if (eldest.next() instanceof byte[]) {
        eldest.remove();
        excess--;
      }
    }
  }
}
