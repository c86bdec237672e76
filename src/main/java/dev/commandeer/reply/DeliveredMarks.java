package dev.commandeer.reply;

import dev.commandeer.store.DeliveredReply;
import dev.commandeer.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records delivered replies as such, up to {@link #MARK_BATCH} per statement and one statement at a
 * time: what is delivered meanwhile waits for the next one. A batch that could not be recorded is
 * tried again; a reply that is never recorded is delivered again once its lease runs out.
 */
final class DeliveredMarks {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveredMarks.class);
  private static final int MARK_BATCH = 512;
  private static final int MARK_TRIES = 3;

  private final Store store;
  private final AtomicBoolean marking = new AtomicBoolean();
  private final Queue<Mark> marks = new ConcurrentLinkedQueue<>();

  /** A delivered reply not yet recorded as such, and how often recording it failed. */
  private record Mark(DeliveredReply reply, int failures) {}

  DeliveredMarks(Store store) {
    this.store = store;
  }

  /** The reply was delivered: it is recorded with the next batch. */
  void add(DeliveredReply reply) {
    marks.add(new Mark(reply, 0));
    record();
  }

  private void record() {
    if (marks.isEmpty() || !marking.compareAndSet(false, true)) {
      return;
    }
    List<Mark> batch = new ArrayList<>();
    for (Mark mark = marks.poll();
        mark != null;
        mark = batch.size() < MARK_BATCH ? marks.poll() : null) {
      batch.add(mark);
    }
    store
        .markDelivered(batch.stream().map(Mark::reply).toList())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                retry(batch, ar.cause());
              }
              marking.set(false);
              record();
            });
  }

  private void retry(List<Mark> batch, Throwable e) {
    for (Mark mark : batch) {
      if (mark.failures() + 1 < MARK_TRIES) {
        marks.add(new Mark(mark.reply(), mark.failures() + 1));
      } else {
        LOG.warn(
            "run {}: delivered, but the outbox could not record it: {}",
            mark.reply().runId(),
            e.getMessage());
      }
    }
  }
}
