package dev.commandeer.reply;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls to Mattermost through one circuit breaker, retries what is worth retrying, and
 * measures every attempt.
 *
 * <p>Connection errors, timeouts and 5xx answers are retried after an exponential, jittered wait; a
 * 429 after its {@code Retry-After}. Other answers are final. Waits are Vert.x timers, so no thread
 * ever sleeps. A request stops when its attempts or its deadline run out.
 */
final class ResilientCalls {

  // The client's logger: one name to follow (or silence) for everything said about Mattermost.
  private static final Logger LOG = LoggerFactory.getLogger(MattermostClient.class);

  private final Vertx vertx;
  private final long callTimeoutMillis;
  private final MattermostClientOptions.Retry retry;
  private final IntervalFunction backoff;
  private final CircuitBreaker breaker;
  private final MeterRegistry registry;
  private final Gauge breakerState;

  ResilientCalls(
      Vertx vertx, Duration callTimeout, MattermostClientOptions options, MeterRegistry registry) {
    this.vertx = vertx;
    this.callTimeoutMillis = Math.max(1, callTimeout.toMillis());
    this.retry = options.retry();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            retry.initialBackoff(), retry.multiplier(), retry.jitter(), retry.maxBackoff());
    this.breaker = CircuitBreaker.of("mattermost", breakerConfig(options.breaker()));
    this.registry = registry;
    this.breakerState =
        Gauge.builder("commandeer.mattermost.breaker.state", breaker, b -> b.getState().getOrder())
            .description("Circuit breaker in front of Mattermost: 0 closed, 1 open, 2 half-open")
            .register(registry);
  }

  /**
   * Sends with {@code send} (given the attempt's timeout in ms) until Mattermost answers 2xx. Fails
   * with {@link MattermostException} for an error answer and {@link MattermostUnavailable} when
   * Mattermost cannot be reached or the breaker is open. A {@link MattermostException} from {@code
   * send} itself is a refusal to call and ends the request at once.
   */
  Future<HttpResponse<Buffer>> call(String op, LongFunction<Future<HttpResponse<Buffer>>> send) {
    return attempt(new Request(op, send, System.nanoTime() + retry.deadline().toNanos()), 1);
  }

  CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  void close() {
    registry.remove(breakerState);
  }

  private record Request(
      String op, LongFunction<Future<HttpResponse<Buffer>>> send, long deadlineNanos) {

    long remainingMillis() {
      return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
  }

  private Future<HttpResponse<Buffer>> attempt(Request request, int attempt) {
    if (!breaker.tryAcquirePermission()) {
      count(request.op, "open");
      return Future.failedFuture(
          new MattermostUnavailable("Mattermost calls are paused after repeated failures"));
    }
    long started = System.nanoTime();
    long timeout = Math.max(1, Math.min(callTimeoutMillis, request.remainingMillis()));
    return send(request, timeout).transform(ar -> settle(request, attempt, started, ar));
  }

  private static Future<HttpResponse<Buffer>> send(Request request, long timeoutMillis) {
    try {
      return request.send.apply(timeoutMillis);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<HttpResponse<Buffer>> settle(
      Request request, int attempt, long started, AsyncResult<HttpResponse<Buffer>> result) {
    long elapsed = System.nanoTime() - started;
    if (result.failed() && result.cause() instanceof MattermostException refused) {
      breaker.releasePermission();
      return Future.failedFuture(refused);
    }
    Timer.builder("commandeer.mattermost.request.duration")
        .tag("op", request.op)
        .register(registry)
        .record(elapsed, TimeUnit.NANOSECONDS);
    if (result.failed()) {
      return unreachable(request, attempt, elapsed, result.cause());
    }
    HttpResponse<Buffer> response = result.result();
    int status = response.statusCode();
    breaker.onResult(elapsed, TimeUnit.NANOSECONDS, status);
    count(request.op, Integer.toString(status));
    LOG.debug("Mattermost {} attempt {} answered {}", request.op, attempt, status);
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(response);
    }
    MattermostException error = MattermostException.from(response);
    if (status == 429) {
      long wait = retryAfterMillis(response).orElseGet(() -> backoff.apply(attempt));
      return retryOrFail(request, attempt, wait, error);
    }
    return status >= 500
        ? retryOrFail(request, attempt, backoff.apply(attempt), error)
        : Future.failedFuture(error);
  }

  private Future<HttpResponse<Buffer>> unreachable(
      Request request, int attempt, long elapsed, Throwable cause) {
    breaker.onError(elapsed, TimeUnit.NANOSECONDS, cause);
    count(request.op, "error");
    LOG.debug("Mattermost {} attempt {} failed: {}", request.op, attempt, cause.toString());
    MattermostUnavailable error =
        new MattermostUnavailable("Mattermost did not answer: " + cause.getMessage(), cause);
    return retryOrFail(request, attempt, backoff.apply(attempt), error);
  }

  private Future<HttpResponse<Buffer>> retryOrFail(
      Request request, int attempt, long waitMillis, RuntimeException error) {
    if (attempt >= retry.maxAttempts() || waitMillis >= request.remainingMillis()) {
      return Future.failedFuture(error);
    }
    LOG.debug("Mattermost {} retry {} in {} ms", request.op, attempt + 1, waitMillis);
    return after(waitMillis).compose(v -> attempt(request, attempt + 1));
  }

  private Future<Void> after(long millis) {
    Promise<Void> elapsed = Promise.promise();
    vertx.setTimer(Math.max(1, millis), id -> elapsed.complete());
    return elapsed.future();
  }

  private Optional<Long> retryAfterMillis(HttpResponse<Buffer> response) {
    String header = response.getHeader("Retry-After");
    if (header == null) {
      return Optional.empty();
    }
    try {
      long seconds = Math.max(0, Long.parseLong(header.trim()));
      return Optional.of(Math.min(seconds * 1000, retry.maxRetryAfter().toMillis()));
    } catch (NumberFormatException httpDateOrJunk) {
      return Optional.empty();
    }
  }

  private void count(String op, String status) {
    Counter.builder("commandeer.mattermost.requests")
        .tag("op", op)
        .tag("status", status)
        .register(registry)
        .increment();
  }

  private static CircuitBreakerConfig breakerConfig(MattermostClientOptions.Breaker options) {
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(options.windowSize())
        .minimumNumberOfCalls(options.minimumCalls())
        .failureRateThreshold(options.failureRatePercent())
        .waitDurationInOpenState(options.openWait())
        .permittedNumberOfCallsInHalfOpenState(options.halfOpenCalls())
        .recordResult(status -> status instanceof Integer code && code >= 500)
        .build();
  }
}
