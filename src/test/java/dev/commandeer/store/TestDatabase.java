package dev.commandeer.store;

import dev.commandeer.config.StoreConfig;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A PostgreSQL schema of its own for one test class: in a Testcontainers server when Docker is
 * available, else on the server named by {@code COMMANDEER_TEST_DATABASE_URL} (default {@value
 * #DEFAULT_URL}). Without a reachable server the class is skipped, or fails when {@code CI=true}.
 */
public final class TestDatabase {

  static final String URL_VARIABLE = "COMMANDEER_TEST_DATABASE_URL";
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

  private static String serverUrl;

  private final String url;
  private final PgLocation location;

  private TestDatabase(String url, PgLocation location) {
    this.url = url;
    this.location = location;
  }

  /** Creates a schema with a random name; skips or fails the caller when there is no server. */
  public static TestDatabase withFreshSchema() {
    String server = server();
    String schema =
        "commandeer_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    String url = server + (server.contains("?") ? "&" : "?") + "schema=" + schema;
    TestDatabase db = new TestDatabase(url, PgLocation.parse(url));
    db.execute("CREATE SCHEMA " + schema);
    return db;
  }

  /** The store URL of this schema. */
  public String url() {
    return url;
  }

  StoreConfig config() {
    return new StoreConfig(url, 4, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** Empties every table the migrations made, keeping the schema and its history. */
  void truncateAll() {
    execute(
        """
        DO $$ DECLARE t text; BEGIN
          FOR t IN SELECT tablename FROM pg_tables
                   WHERE schemaname = '%1$s' AND tablename <> 'flyway_schema_history' LOOP
            EXECUTE format('TRUNCATE TABLE %%I.%%I RESTART IDENTITY CASCADE', '%1$s', t);
          END LOOP;
        END $$
        """
            .formatted(location.schema()));
  }

  /**
   * Locks one outbox row the way a claimer does in the middle of its transaction, until the
   * returned lock is closed.
   */
  AutoCloseable lockOutboxItem(String itemId) throws SQLException {
    Connection connection = connect(location);
    connection.setAutoCommit(false);
    String sql = "SELECT id FROM " + location.schema() + ".outbox WHERE id = ? FOR UPDATE";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, itemId);
      statement.executeQuery().close();
    }
    return () -> {
      connection.rollback();
      connection.close();
    };
  }

  public void drop() {
    execute("DROP SCHEMA IF EXISTS " + location.schema() + " CASCADE");
  }

  private void execute(String sql) {
    try (Connection connection = connect(location);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database statement failed: " + sql, e);
    }
  }

  private static synchronized String server() {
    if (serverUrl == null) {
      serverUrl = dockerAvailable() ? startContainer() : configuredUrl();
    }
    return serverUrl;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // Testcontainers stops it when the JVM ends.
  private static String startContainer() {
    PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine");
    try {
      pg.start();
    } catch (RuntimeException e) {
      throw unreachable("a Testcontainers PostgreSQL", e);
    }
    return "postgresql://%s:%s@%s:%d/%s"
        .formatted(
            pg.getUsername(),
            pg.getPassword(),
            pg.getHost(),
            pg.getMappedPort(5432),
            pg.getDatabaseName());
  }

  private static String configuredUrl() {
    String url = System.getenv(URL_VARIABLE);
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  private static Connection connect(PgLocation location) {
    try {
      return DriverManager.getConnection(
          location.jdbcUrl(Duration.ofSeconds(3)), location.user(), location.password());
    } catch (SQLException e) {
      throw unreachable(location, e);
    }
  }

  /** Skips the test class, or fails it on CI; never returns. */
  private static RuntimeException unreachable(Object where, Exception cause) {
    String message =
        "No PostgreSQL for the store tests at "
            + where
            + " ("
            + cause.getMessage()
            + "). Start one, or set "
            + URL_VARIABLE
            + " to a postgresql:// URL.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return Assertions.fail(message + " CI=true, so this fails instead of being skipped.", cause);
    }
    return Assumptions.abort(message);
  }
}
