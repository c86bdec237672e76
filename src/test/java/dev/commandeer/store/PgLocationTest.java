package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgLocationTest {

  @Test
  void reads_every_part_of_a_full_url_with_escaped_password() {
    PgLocation location =
        PgLocation.parse(
            "postgresql://app:s%3Acr%40t+x@db.internal:6543/commandeer?schema=cmd&sslmode=require");

    assertThat(location)
        .isEqualTo(
            new PgLocation("db.internal", 6543, "commandeer", "app", "s:cr@t+x", "cmd", "require"));
  }

  @Test
  void postgres_scheme_is_accepted_and_missing_parts_take_libpq_defaults() {
    PgLocation location = PgLocation.parse("postgres://db");

    assertThat(location).isEqualTo(new PgLocation("db", 5432, "postgres", "postgres", "", "", ""));
  }

  @Test
  void the_database_defaults_to_the_user_name_like_psql() {
    assertThat(PgLocation.parse("postgresql://ops@db/").database()).isEqualTo("ops");
  }

  @Test
  void current_schema_is_understood_like_schema() {
    assertThat(PgLocation.parse("postgresql://u@db/x?currentSchema=cmd").schema()).isEqualTo("cmd");
  }

  @Test
  void ipv6_and_compose_style_host_names_are_read() {
    PgLocation ipv6 = PgLocation.parse("postgresql://u@[::1]:5433/x");
    PgLocation underscore = PgLocation.parse("postgresql://u@my_db/x");

    assertThat(ipv6.host()).isEqualTo("::1");
    assertThat(ipv6.jdbcUrl(Duration.ofSeconds(1))).startsWith("jdbc:postgresql://[::1]:5433/x?");
    assertThat(underscore.host()).isEqualTo("my_db");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://u:pw-secret@db/x",
        "postgresql:///x",
        "postgresql://u:pw-secret@db:port/x",
        "postgresql://u:pw-secret@db/x?schema=Public",
        "postgresql://u:pw-secret@db/x?schema=a;drop",
        "postgresql://u:pw-secret@db/x?sslmode=sometimes",
        "postgresql://u:pw-secret@db/x?password=other",
        "postgresql://u:pw-secret@db /x"
      })
  void rejects_what_it_cannot_use_without_repeating_the_password(String url) {
    assertThatThrownBy(() -> PgLocation.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("store.url ")
        .message()
        .doesNotContain("pw-secret");
  }

  @Test
  void the_reactive_client_reaches_the_schema_and_cancels_slow_statements() {
    PgLocation location = PgLocation.parse("postgresql://app:pw@db:6543/commandeer?schema=cmd");

    PgConnectOptions options = location.connectOptions(Duration.ofSeconds(10));

    assertThat(options.getHost()).isEqualTo("db");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getDatabase()).isEqualTo("commandeer");
    assertThat(options.getUser()).isEqualTo("app");
    assertThat(options.getPassword()).isEqualTo("pw");
    assertThat(options.getProperties())
        .containsEntry("search_path", "cmd")
        .containsEntry("statement_timeout", "10000")
        .containsEntry("application_name", "commandeer");
  }

  @Test
  void each_connection_keeps_its_statements_prepared() {
    PgConnectOptions options =
        PgLocation.parse("postgresql://app@db/x").connectOptions(Duration.ZERO);

    assertThat(options.getCachePreparedStatements()).isTrue();
    assertThat(options.getPreparedStatementCacheMaxSize())
        .isEqualTo(PgLocation.PREPARED_STATEMENTS);
    assertThat(options.getPreparedStatementCacheSqlFilter().test("SELECT 1 FROM runs")).isTrue();
  }

  @Test
  void statements_marked_planned_each_time_are_not_kept_prepared() {
    PgConnectOptions options =
        PgLocation.parse("postgresql://app@db/x").connectOptions(Duration.ZERO);

    assertThat(
            options
                .getPreparedStatementCacheSqlFilter()
                .test(PgLocation.PLANNED_EACH_TIME + "SELECT count(*) FROM outbox"))
        .isFalse();
  }

  @Test
  void without_a_schema_or_query_timeout_the_server_defaults_apply() {
    PgConnectOptions options =
        PgLocation.parse("postgresql://app@db/x").connectOptions(Duration.ZERO);

    assertThat(options.getProperties()).doesNotContainKeys("search_path", "statement_timeout");
    assertThat(options.getSslMode()).isEqualTo(SslMode.DISABLE);
  }

  @Test
  void ssl_mode_reaches_both_clients() {
    PgLocation location = PgLocation.parse("postgresql://app@db/x?sslmode=verify-full");

    assertThat(location.connectOptions(Duration.ZERO).getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(location.jdbcUrl(Duration.ofSeconds(3))).endsWith("&sslmode=verify-full");
  }

  @Test
  void the_jdbc_url_names_the_same_database_with_the_connect_timeout_and_no_password() {
    PgLocation location = PgLocation.parse("postgresql://app:pw-secret@db:6543/commandeer");

    assertThat(location.jdbcUrl(Duration.ofSeconds(5)))
        .isEqualTo(
            "jdbc:postgresql://db:6543/commandeer"
                + "?ApplicationName=commandeer&connectTimeout=5&loginTimeout=5");
  }

  @Test
  void printing_a_location_hides_the_password() {
    PgLocation location = PgLocation.parse("postgresql://app:pw-secret@db/x?schema=cmd");

    assertThat(location.toString())
        .isEqualTo("postgresql://app@db:5432/x?schema=cmd")
        .doesNotContain("pw-secret");
  }
}
