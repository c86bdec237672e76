package dev.commandeer.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One execution of a command, as kept in the history.
 *
 * @param id short typeable id (see {@link RunIds})
 * @param instanceId the process that owns the run: it runs the program and answers cancels
 * @param command the command's name
 * @param arguments the arguments as typed after the command name
 * @param exitCode the program's exit status, or null (not finished, built-in, killed)
 * @param startedAt when the program started, or null while queued
 * @param finishedAt when the run ended, or null while active
 * @param duration how long it ran, or null when it never started or has not ended
 * @param replyPostId the Mattermost post that carries the answer, or empty
 * @param cancelRequested somebody asked for the run to be cancelled
 */
public record RunRecord(
    String id,
    String instanceId,
    RunOrigin origin,
    String command,
    String arguments,
    RunStatus status,
    Integer exitCode,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Duration duration,
    ReplyState replyState,
    String replyPostId,
    boolean cancelRequested) {

  public RunRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    arguments = arguments == null ? "" : arguments;
    createdAt = Times.micros(createdAt);
    startedAt = Times.micros(startedAt);
    finishedAt = Times.micros(finishedAt);
    duration = duration == null ? null : duration.truncatedTo(ChronoUnit.MILLIS);
    replyState = replyState == null ? ReplyState.NONE : replyState;
    replyPostId = replyPostId == null ? "" : replyPostId;
  }

  /** A new run waiting to start, with a fresh id. */
  public static RunRecord queued(
      String instanceId, RunOrigin origin, String command, String arguments, Instant now) {
    return new RunRecord(
        RunIds.next(),
        instanceId,
        origin,
        command,
        arguments,
        RunStatus.QUEUED,
        null,
        now,
        null,
        null,
        null,
        ReplyState.NONE,
        "",
        false);
  }

  public RunRecord withId(String newId) {
    return new RunRecord(
        newId,
        instanceId,
        origin,
        command,
        arguments,
        status,
        exitCode,
        createdAt,
        startedAt,
        finishedAt,
        duration,
        replyState,
        replyPostId,
        cancelRequested);
  }

  /** This run with its reply pending: for a program, whose answer comes once it has run. */
  public RunRecord awaitingReply() {
    return replied(ReplyState.PENDING, "");
  }

  RunRecord started(Instant at) {
    return new RunRecord(
        id,
        instanceId,
        origin,
        command,
        arguments,
        RunStatus.RUNNING,
        exitCode,
        createdAt,
        at,
        finishedAt,
        duration,
        replyState,
        replyPostId,
        cancelRequested);
  }

  /** This run as it ended with {@code outcome}. */
  public RunRecord finished(RunOutcome outcome) {
    return new RunRecord(
        id,
        instanceId,
        origin,
        command,
        arguments,
        outcome.status(),
        outcome.exitCode(),
        createdAt,
        startedAt,
        outcome.finishedAt(),
        outcome.duration(),
        replyState,
        replyPostId,
        cancelRequested);
  }

  RunRecord replied(ReplyState state, String postId) {
    return new RunRecord(
        id,
        instanceId,
        origin,
        command,
        arguments,
        status,
        exitCode,
        createdAt,
        startedAt,
        finishedAt,
        duration,
        state,
        postId == null || postId.isEmpty() ? replyPostId : postId,
        cancelRequested);
  }

  RunRecord withCancelRequested() {
    return new RunRecord(
        id,
        instanceId,
        origin,
        command,
        arguments,
        status,
        exitCode,
        createdAt,
        startedAt,
        finishedAt,
        duration,
        replyState,
        replyPostId,
        true);
  }

  /** The run ended here because its process died; the duration counts up to {@code at}. */
  RunRecord interrupted(Instant at) {
    Duration ran = startedAt == null ? null : Duration.between(startedAt, at);
    return finished(new RunOutcome(RunStatus.INTERRUPTED, null, at, ran));
  }
}
