package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL an instance that opens the index takes no lock on {@code results} when its
 * secondary indexes exist (a reindex writing rows on another instance goes on), builds them when a
 * stopped reindex left them missing, and leaves them to a reindex that is running.
 */
class IndexOpenLocksNothingTest {

  private static final Set<String> INDEXES =
      Set.of("results_by_task", "results_by_repo", "results_by_samples", "results_by_task_version");

  @TempDir Path temp;

  private static Set<String> indexes(Connection c) throws Exception {
    Set<String> names = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename = 'results'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Opens a second instance's index on the fixture's schema, failing past 20 s. */
  private static Index openAnother(IndexFixture hub) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> Index.open(hub.url, hub.storage, TrustedIssuers.none().with(hub.key)))
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void openingWhileRowsAreWrittenDoesNotWaitForTheResultsTable() throws Exception {
    try (IndexFixture hub = IndexFixture.postgres(temp);
        Connection writer = DriverManager.getConnection(hub.url)) {
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        // What a reindex's inserts hold until it commits; CREATE INDEX waits for it.
        s.execute("LOCK TABLE results IN ROW EXCLUSIVE MODE");
      }

      Index other = openAnother(hub);

      other.close();
      writer.rollback();
      assertThat(indexes(writer)).containsAll(INDEXES);
    }
  }

  @Test
  void indexesAStoppedReindexDroppedAreBuiltAtOpenButNotUnderARunningReindex() throws Exception {
    try (IndexFixture hub = IndexFixture.postgres(temp);
        Connection admin = DriverManager.getConnection(hub.url)) {
      Connection reindex = DriverManager.getConnection(hub.url);
      try (Statement s = admin.createStatement()) {
        for (String index : INDEXES) {
          s.execute("DROP INDEX " + index);
        }
      }
      // A reindex runs on another instance: it holds the lock and builds them at its end.
      try (Statement s = reindex.createStatement()) {
        s.execute("SELECT pg_advisory_lock(hashtext(current_schema() || ':evalhub-reindex'))");
      }
      openAnother(hub).close();
      assertThat(indexes(admin)).doesNotContainAnyElementsOf(INDEXES);

      // It was killed: its session, and lock, are gone; the next start builds them.
      reindex.abort(Runnable::run);
      openAnother(hub).close();
      assertThat(indexes(admin)).containsAll(INDEXES);
    }
  }
}
