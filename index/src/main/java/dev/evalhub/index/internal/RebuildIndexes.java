package dev.evalhub.index.internal;

import dev.evalhub.index.IndexException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secondary indexes of {@code results} (as the migrations create them), which a full rebuild
 * drops before it writes every row and builds again at its end (in a {@code finally}): maintaining
 * them row by row costs more than building them once. A rebuild stopped between the two (a killed
 * process) leaves them missing; {@link #createMissing}, run when the index opens, builds them then.
 * It first reads the catalog, which locks nothing, and does nothing more when they all exist: on
 * PostgreSQL even {@code CREATE INDEX IF NOT EXISTS} takes a {@code SHARE} lock on {@code results},
 * which would wait for (and then block) a reindex running on another instance. On PostgreSQL a
 * rebuild holds the advisory lock {@link #REINDEX_LOCK} from before it drops them to after it built
 * them again ({@link #rebuilding}), and an opening instance that finds them missing builds them
 * only when it gets that lock, so never under a running rebuild. Stateless.
 */
public final class RebuildIndexes {

  private static final Logger LOG = LoggerFactory.getLogger(RebuildIndexes.class);

  /** The advisory lock key of a rebuild: one per schema, apart from ingestion's leadership lock. */
  static final String REINDEX_LOCK = "hashtext(current_schema() || ':evalhub-reindex')";

  /** Name and column list of each index, as V1, V2, V3_13_2 and V3_14_1 define them. */
  private static final List<String[]> RESULTS_INDEXES =
      List.of(
          new String[] {"results_by_task", "dataset_key, task_id"},
          new String[] {"results_by_repo", "repo_key"},
          new String[] {"results_by_samples", "samples_sha256"},
          new String[] {"results_by_task_version", "dataset_key, task_id, task_version"});

  private RebuildIndexes() {}

  /** Drops the secondary indexes of {@code results} (those that exist). */
  public static void drop(ConnectionPool pool) {
    pool.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String[] index : RESULTS_INDEXES) {
              s.executeUpdate("DROP INDEX IF EXISTS " + index[0]);
            }
          }
          return null;
        });
  }

  /**
   * Held while a rebuild runs without the secondary indexes: on PostgreSQL, a connection of its own
   * holding {@link #REINDEX_LOCK} (waiting for another instance's rebuild to finish); on H2,
   * nothing. Closing it releases the lock.
   */
  public interface Rebuilding extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes the rebuild's lock (see {@link Rebuilding}); blocks while another rebuild holds it. */
  public static Rebuilding rebuilding(ConnectionPool pool) {
    if (!isPostgres(pool)) {
      return () -> {};
    }
    try {
      Connection c = DriverManager.getConnection(pool.url());
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + REINDEX_LOCK + ")");
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      return () -> {
        try {
          // Closing the session releases its advisory lock.
          c.close();
        } catch (SQLException e) {
          LOG.warn("closing the reindex lock's connection failed", e);
        }
      };
    } catch (SQLException e) {
      throw new IndexException("cannot take the reindex lock: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the secondary indexes of {@code results} that are missing, as the index opens: reads
   * the catalog first and, when they all exist (the usual case), takes no lock on {@code results};
   * on PostgreSQL builds missing ones only when no rebuild holds {@link #REINDEX_LOCK} (a running
   * rebuild builds them itself at its end).
   *
   * @return the names of the indexes created (empty: none was missing, or a rebuild runs)
   */
  public static List<String> createMissing(ConnectionPool pool) {
    Set<String> existing = pool.read(RebuildIndexes::existing);
    List<String> missing =
        RESULTS_INDEXES.stream()
            .map(index -> index[0])
            .filter(name -> !existing.contains(name))
            .toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    if (!isPostgres(pool)) {
      create(pool);
      return missing;
    }
    try (Connection c = DriverManager.getConnection(pool.url());
        Statement s = c.createStatement()) {
      boolean free;
      try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + REINDEX_LOCK + ")")) {
        free = rs.next() && rs.getBoolean(1);
      }
      if (!free) {
        LOG.info(
            "the results' indexes {} are missing while a reindex runs: it builds them", missing);
        return List.of();
      }
      LOG.info("building the results' indexes {} (a reindex stopped before it did)", missing);
      create(pool);
      return missing;
      // Closing the session releases the advisory lock.
    } catch (SQLException e) {
      throw new IndexException("cannot check the reindex lock: " + e.getMessage(), e);
    }
  }

  /** The names (lower case) of the indexes on {@code results}, from the catalog. */
  private static Set<String> existing(Connection c) throws SQLException {
    Set<String> names = new HashSet<>();
    DatabaseMetaData meta = c.getMetaData();
    String schema = c.getSchema();
    for (String table : List.of("results", "RESULTS")) {
      try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), schema, table, false, true)) {
        while (rs.next()) {
          String name = rs.getString("INDEX_NAME");
          if (name != null) {
            names.add(name.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return names;
  }

  private static boolean isPostgres(ConnectionPool pool) {
    return pool.url().startsWith("jdbc:postgresql:");
  }

  /**
   * Creates the secondary indexes of {@code results} that do not exist. On PostgreSQL each is built
   * in a transaction of its own, all at once (each {@code CREATE INDEX} takes a {@code SHARE} lock,
   * which does not conflict with another's, and a backend of its own: a core each); on H2, one
   * after the other in one transaction (its {@code CREATE INDEX} locks the table exclusively).
   */
  public static void create(ConnectionPool pool) {
    if (!isPostgres(pool)) {
      pool.transaction(
          c -> {
            try (Statement s = c.createStatement()) {
              for (String[] index : RESULTS_INDEXES) {
                s.executeUpdate(createSql(index));
              }
            }
            return null;
          });
      return;
    }
    List<CompletableFuture<Void>> builds =
        RESULTS_INDEXES.stream()
            .map(
                index ->
                    CompletableFuture.runAsync(
                        () ->
                            pool.transaction(
                                c -> {
                                  try (Statement s = c.createStatement()) {
                                    s.executeUpdate(createSql(index));
                                  }
                                  return null;
                                }),
                        command -> {
                          Thread thread = new Thread(command, "evalhub-reindex-index");
                          thread.setDaemon(true);
                          thread.start();
                        }))
            .toList();
    RuntimeException failure = null;
    for (CompletableFuture<Void> build : builds) {
      try {
        build.join();
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new IndexException("cannot build an index: " + e.getCause(), e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String createSql(String[] index) {
    return "CREATE INDEX IF NOT EXISTS " + index[0] + " ON results (" + index[1] + ")";
  }
}
