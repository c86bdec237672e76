package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunLimiterTest {

  static Permit admitted(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return ((Admission.Admitted) admission).granted();
  }

  static Admission.Queued queued(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Queued.class);
    return (Admission.Queued) admission;
  }

  static Permit permitOf(Admission.Queued waiter) {
    assertThat(waiter.permit().succeeded()).as("permit granted").isTrue();
    return waiter.permit().result();
  }

  @Test
  void admits_up_to_the_global_limit_then_queues_with_positions() {
    RunLimiter limiter = new RunLimiter(2, 10);

    admitted(limiter.admit("deploy", 0));
    admitted(limiter.admit("backup", 0));
    Admission.Queued third = queued(limiter.admit("deploy", 0));
    Admission.Queued fourth = queued(limiter.admit("report", 0));

    assertThat(third.position()).isEqualTo(1);
    assertThat(fourth.position()).isEqualTo(2);
    assertThat(third.permit().isComplete()).isFalse();
    assertThat(limiter.running()).isEqualTo(2);
    assertThat(limiter.queued()).isEqualTo(2);
  }

  @Test
  void admits_waiters_in_arrival_order_as_slots_free() {
    RunLimiter limiter = new RunLimiter(1, 10);
    Permit first = admitted(limiter.admit("a", 0));
    Admission.Queued second = queued(limiter.admit("b", 0));
    Admission.Queued third = queued(limiter.admit("c", 0));

    first.release();

    assertThat(permitOf(second).command()).isEqualTo("b");
    assertThat(third.permit().isComplete()).isFalse();
    assertThat(third.position()).isEqualTo(1);
    assertThat(second.position()).isZero();

    permitOf(second).release();

    assertThat(permitOf(third).command()).isEqualTo("c");
    assertThat(limiter.running()).isEqualTo(1);
    assertThat(limiter.queued()).isZero();
  }

  @Test
  void refuses_clearly_when_the_queue_is_full() {
    RunLimiter limiter = new RunLimiter(1, 2);
    admitted(limiter.admit("a", 0));
    queued(limiter.admit("a", 0));
    queued(limiter.admit("a", 0));

    Admission refused = limiter.admit("a", 0);

    assertThat(refused).isEqualTo(new Admission.Refused(2));
    assertThat(refused.permit().cause())
        .isInstanceOf(Admission.QueueFull.class)
        .hasMessage("too many runs waiting (2)");
    assertThat(limiter.queued()).isEqualTo(2);
  }

  @Test
  void refuses_whatever_cannot_run_at_once_when_the_queue_bound_is_zero() {
    RunLimiter limiter = new RunLimiter(1, 0);
    admitted(limiter.admit("a", 0));

    assertThat(limiter.admit("b", 0)).isInstanceOf(Admission.Refused.class);
  }

  @Test
  void limits_each_command_to_its_own_concurrency() {
    RunLimiter limiter = new RunLimiter(8, 10);
    Permit deploy = admitted(limiter.admit("deploy", 1));

    Admission.Queued secondDeploy = queued(limiter.admit("deploy", 1));
    admitted(limiter.admit("backup", 1));
    admitted(limiter.admit("report", 0));
    admitted(limiter.admit("report", 0));

    assertThat(secondDeploy.position()).isEqualTo(1);
    deploy.release();
    assertThat(permitOf(secondDeploy).command()).isEqualTo("deploy");
  }

  @Test
  void a_waiter_held_back_by_its_own_command_does_not_block_other_commands() {
    RunLimiter limiter = new RunLimiter(2, 10);
    Permit deploy = admitted(limiter.admit("deploy", 1));
    Permit backup = admitted(limiter.admit("backup", 0));
    Admission.Queued secondDeploy = queued(limiter.admit("deploy", 1));
    Admission.Queued report = queued(limiter.admit("report", 0));

    backup.release();

    assertThat(secondDeploy.permit().isComplete()).isFalse();
    assertThat(permitOf(report).command()).isEqualTo("report");
    assertThat(secondDeploy.position()).isEqualTo(1);

    deploy.release();

    assertThat(permitOf(secondDeploy).command()).isEqualTo("deploy");
  }

  @Test
  void a_newcomer_may_pass_a_waiter_that_only_its_own_command_holds_back() {
    RunLimiter limiter = new RunLimiter(2, 10);
    admitted(limiter.admit("deploy", 1));
    queued(limiter.admit("deploy", 1));

    assertThat(limiter.admit("backup", 0)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void releasing_a_permit_twice_frees_only_one_slot() {
    RunLimiter limiter = new RunLimiter(2, 10);
    Permit first = admitted(limiter.admit("a", 0));
    admitted(limiter.admit("a", 0));
    Admission.Queued third = queued(limiter.admit("a", 0));
    Admission.Queued fourth = queued(limiter.admit("a", 0));

    first.release();
    first.release();

    assertThat(third.permit().succeeded()).isTrue();
    assertThat(fourth.permit().isComplete()).isFalse();
    assertThat(limiter.running()).isEqualTo(2);
    assertThat(limiter.queued()).isEqualTo(1);
  }

  @Test
  void a_waiter_that_leaves_the_queue_moves_the_others_up_and_never_gets_a_slot() {
    RunLimiter limiter = new RunLimiter(1, 10);
    Permit running = admitted(limiter.admit("a", 0));
    Admission.Queued leaving = queued(limiter.admit("a", 0));
    Admission.Queued staying = queued(limiter.admit("a", 0));

    assertThat(leaving.cancel()).isTrue();
    assertThat(leaving.cancel()).isFalse();

    assertThat(leaving.permit().cause()).isInstanceOf(CancellationException.class);
    assertThat(leaving.position()).isZero();
    assertThat(staying.position()).isEqualTo(1);
    running.release();
    assertThat(permitOf(staying).command()).isEqualTo("a");
  }

  @Test
  void cancelling_after_the_slot_was_granted_leaves_the_permit_with_the_caller() {
    RunLimiter limiter = new RunLimiter(1, 10);
    Permit running = admitted(limiter.admit("a", 0));
    Admission.Queued waiter = queued(limiter.admit("a", 0));
    running.release();

    assertThat(waiter.cancel()).isFalse();

    assertThat(limiter.running()).isEqualTo(1);
    permitOf(waiter).release();
    assertThat(limiter.running()).isZero();
  }

  @Test
  void a_thousand_queued_admissions_start_no_threads() {
    RunLimiter limiter = new RunLimiter(1, 1000);
    Permit running = admitted(limiter.admit("a", 0));
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    List<Admission.Queued> waiters = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      waiters.add(queued(limiter.admit("cmd-" + (i % 7), 0)));
    }

    // other tests' threads may still be ending; none may have started
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
        .isLessThanOrEqualTo(threadsBefore);
    assertThat(limiter.queued()).isEqualTo(1000);
    assertThat(waiters.get(999).position()).isEqualTo(1000);
    assertThat(limiter.admit("a", 0)).isInstanceOf(Admission.Refused.class);

    running.release();
    for (Admission.Queued waiter : waiters) {
      permitOf(waiter).release();
    }
    assertThat(limiter.running()).isZero();
    assertThat(limiter.queued()).isZero();
  }

  @Test
  void completes_a_queued_permit_on_the_context_that_asked_for_it() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RunLimiter limiter = new RunLimiter(1, 10);
      Permit running = admitted(limiter.admit("a", 0));
      Context context = vertx.getOrCreateContext();
      Promise<Boolean> onContext = Promise.promise();
      CountDownLatch queuedUp = new CountDownLatch(1);
      context.runOnContext(
          v -> {
            limiter
                .admit("a", 0)
                .permit()
                .onSuccess(p -> onContext.complete(Vertx.currentContext() == context));
            queuedUp.countDown();
          });
      assertThat(queuedUp.await(10, TimeUnit.SECONDS)).isTrue();

      running.release();

      assertThat(onContext.future().await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void never_runs_more_than_the_limits_under_concurrent_use() throws Exception {
    RunLimiter limiter = new RunLimiter(3, 10_000);
    AtomicInteger runningNow = new AtomicInteger();
    AtomicInteger deployNow = new AtomicInteger();
    AtomicInteger maxSeen = new AtomicInteger();
    AtomicInteger maxDeploy = new AtomicInteger();
    int threads = 4;
    int perThread = 2_000;
    CountDownLatch allRan = new CountDownLatch(threads * perThread);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(
            () -> {
              for (int i = 0; i < perThread; i++) {
                String command = i % 2 == 0 ? "deploy" : "other-" + (i % 5);
                limiter
                    .admit(command, command.equals("deploy") ? 1 : 0)
                    .permit()
                    .onSuccess(
                        permit -> {
                          maxSeen.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                          if (command.equals("deploy")) {
                            maxDeploy.accumulateAndGet(deployNow.incrementAndGet(), Math::max);
                            deployNow.decrementAndGet();
                          }
                          runningNow.decrementAndGet();
                          permit.release();
                          allRan.countDown();
                        });
              }
            });
      }
      assertThat(allRan.await(30, TimeUnit.SECONDS)).as("every run got a slot").isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(maxSeen.get()).isBetween(1, 3);
    assertThat(maxDeploy.get()).isEqualTo(1);
    assertThat(limiter.running()).isZero();
    assertThat(limiter.queued()).isZero();
  }
}
