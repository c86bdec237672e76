package dev.commandeer.store;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between the records' Java types and what the PG client sends and returns. */
final class PgValues {

  private static final String UNIQUE_VIOLATION = "23505";

  private PgValues() {}

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static Long millis(Duration duration) {
    return duration == null ? null : duration.toMillis();
  }

  static Duration duration(Row row, String column) {
    Long ms = row.getLong(column);
    return ms == null ? null : Duration.ofMillis(ms);
  }

  static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException
        && UNIQUE_VIOLATION.equals(((PgException) failure).getSqlState());
  }
}
