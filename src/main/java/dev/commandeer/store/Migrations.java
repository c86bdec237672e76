package dev.commandeer.store;

import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Creates and upgrades the schema with Flyway over JDBC. Blocking: run it on a worker thread.
 * Flyway locks the schema while it works, so replicas starting together migrate once.
 */
final class Migrations {

  private Migrations() {}

  /** Applies what is missing; returns how many migrations ran (zero when up to date). */
  static int migrate(PgLocation location, Duration connectTimeout) {
    FluentConfiguration flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(location.jdbcUrl(connectTimeout), location.user(), location.password())
            .locations("classpath:db/migration");
    if (!location.schema().isEmpty()) {
      flyway.schemas(location.schema());
    }
    return flyway.load().migrate().migrationsExecuted;
  }
}
