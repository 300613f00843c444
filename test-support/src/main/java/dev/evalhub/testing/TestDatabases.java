package dev.evalhub.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The index databases of a test: H2 (the hub's default) or a fresh schema of the PostgreSQL server
 * named by {@value #POSTGRES_ENV}; without that variable a PostgreSQL test is skipped (a JUnit
 * assumption), not failed.
 */
public final class TestDatabases {

  /** The environment variable naming the test PostgreSQL server as a JDBC URL. */
  public static final String POSTGRES_ENV = "EVALHUB_TEST_POSTGRES_URL";

  private TestDatabases() {}

  /**
   * The database option for {@code kind}: {@code "postgres"} gives a fresh schema's JDBC URL,
   * anything else ({@code "h2"}) the empty string, which means the hub's default H2 file.
   */
  public static String forKind(String kind) {
    return kind.equals("postgres") ? freshPostgresSchema() : "";
  }

  /**
   * Creates a new, empty schema on the test PostgreSQL server; returns a JDBC URL that uses it and
   * names its connections after it (their application name), so a test can find its own among the
   * server's.
   */
  public static String freshPostgresSchema() {
    String base = System.getenv(POSTGRES_ENV);
    assumeTrue(
        base != null && !base.isBlank(),
        POSTGRES_ENV
            + " is not set: PostgreSQL tests SKIPPED (.ci/run sets it to the local server)");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema on " + POSTGRES_ENV, e);
    }
    return base
        + (base.contains("?") ? "&" : "?")
        + "currentSchema="
        + schema
        + "&ApplicationName="
        + schema;
  }
}
