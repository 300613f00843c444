package dev.evalhub.importers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * An in-memory DuckDB that can reach one file and nothing else, for reading or writing Parquet (the
 * lighteval details a log brings, a leaderboard download): one thread, a memory ceiling, no
 * extension installed or loaded, no file but {@code file} reachable ({@code allowed_paths} with
 * {@code enable_external_access=false}), then the configuration locked so that no statement can
 * undo it. Stateless.
 */
public final class LockedDuckDb {

  private LockedDuckDb() {}

  /**
   * A connection to a new in-memory database that may reach only {@code file}, with a memory
   * ceiling in DuckDB's units ({@code "256MB"}). The caller closes it.
   */
  public static Connection open(Path file, String memoryLimit) throws SQLException {
    Properties config = new Properties();
    config.setProperty("memory_limit", memoryLimit);
    config.setProperty("threads", "1");
    config.setProperty("autoinstall_known_extensions", "false");
    config.setProperty("autoload_known_extensions", "false");
    config.setProperty("allowed_paths", "[" + literal(file) + "]");
    config.setProperty("enable_external_access", "false");
    config.setProperty("lock_configuration", "true");
    return new DuckDBDriver().connect("jdbc:duckdb:", config);
  }

  /** {@code path} as an SQL string literal (single quotes, inner quotes doubled). */
  public static String literal(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }
}
