package dev.evalhub.index.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Brings the index's schema up to date with Flyway ({@code db/migration}), skipping Flyway
 * altogether when the schema history's last migration is {@link #LATEST} and succeeded and {@link
 * #COUNT} migrations did: what every start of an up-to-date index finds, and Flyway's scan,
 * checksums and validation (and loading its classes) were about 0.4 CPU-s of a server's start.
 * Stateless.
 */
public final class Migrations {

  /**
   * The version of the newest migration in {@code db/migration} (as Flyway spells it: {@code
   * V3_17_1} is {@code 3.17.1}); {@code MigrationsTest} checks it against the files.
   */
  public static final String LATEST = "3.17.4";

  /**
   * How many migrations {@code db/migration} holds ({@code MigrationsTest} checks it): one merged
   * with an older version than {@link #LATEST} changes the count, so that Flyway runs and says so
   * instead of being skipped.
   */
  public static final int COUNT = 16;

  private Migrations() {}

  /**
   * Migrates the database of {@code pool} unless it is up to date. Throws what Flyway throws
   * (wrapped by the caller).
   */
  public static void migrate(ConnectionPool pool) {
    if (upToDate(pool)) {
      return;
    }
    Flyway.configure().dataSource(pool.url(), null, null).load().migrate();
  }

  /**
   * Whether the last migration applied to {@code pool}'s database is {@link #LATEST}, succeeded,
   * and {@link #COUNT} migrations succeeded.
   */
  static boolean upToDate(ConnectionPool pool) {
    try {
      return pool.read(c -> lastApplied(c) && applied(c) == COUNT);
    } catch (RuntimeException e) {
      return false; // no history yet (a new database), or it cannot be read: Flyway decides
    }
  }

  private static long applied(java.sql.Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\""
                    + " WHERE \"success\" AND \"version\" IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean lastApplied(java.sql.Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                    + " ORDER BY \"installed_rank\" DESC LIMIT 1")) {
      return rs.next() && LATEST.equals(rs.getString(1)) && rs.getBoolean(2);
    }
  }
}
