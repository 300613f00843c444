package dev.evalhub.index.internal;

import java.sql.Statement;
import java.util.List;

/**
 * The secondary indexes of {@code results} (as the migrations create them), which a full rebuild
 * drops before it writes every row and builds again at its end: maintaining them row by row costs
 * more than building them once. {@link #create} is idempotent and also runs when the index opens,
 * so a rebuild stopped between the two (a killed process) leaves no table without its indexes
 * beyond the next start. Stateless.
 */
public final class RebuildIndexes {

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

  /** Creates the secondary indexes of {@code results} that do not exist. */
  public static void create(ConnectionPool pool) {
    pool.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String[] index : RESULTS_INDEXES) {
              s.executeUpdate(
                  "CREATE INDEX IF NOT EXISTS " + index[0] + " ON results (" + index[1] + ")");
            }
          }
          return null;
        });
  }
}
