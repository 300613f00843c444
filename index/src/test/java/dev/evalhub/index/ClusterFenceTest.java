package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.index.internal.IndexTables;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence of the index's writes ({@link LeaderEpoch}): only the leader's lock session ends
 * ({@code pg_terminate_backend}) while its pooled connections work on, another instance takes the
 * lead at once, and the former leader, which has not noticed yet (its check is held off by holding
 * its cluster's monitor, so the race is certain), still tries to write: every such write is rolled
 * back, changes nothing, and the former leader steps down; the new leader's state stands and no
 * event is lost or applied twice. Skipped without {@code EVALHUB_TEST_POSTGRES_URL}.
 */
class ClusterFenceTest {

  private static final RepoId REPO = RepoId.parsePath("alice/x").orElseThrow();

  @TempDir Path dir;

  /** Roles that count the former leader's step-down. */
  private static final class Steps implements Cluster.Roles {
    final CountDownLatch followed = new CountDownLatch(1);

    @Override
    public void lead() {}

    @Override
    public void follow() {
      followed.countDown();
    }

    @Override
    public void othersAppended() {}
  }

  @Test
  void aFormerLeaderWhoseLockSessionEndedWritesNothingAndStepsDown() throws Exception {
    String url = TestDatabases.freshPostgresSchema();
    try (TestStorage hub = TestStorage.open(dir.resolve("data")).users("alice").repo("alice/x");
        Index a = Index.openFollowing(url, hub.storage(), TrustedIssuers.none());
        Index b = Index.openFollowing(url, hub.storage(), TrustedIssuers.none())) {
      plant(hub, "first");
      Steps aSteps = new Steps();
      try (Cluster first = Cluster.join(url, a, "a", aSteps)) {
        assertThat(first.leading()).isTrue();
        long applied = hub.storage().events().lastSequence();
        assertThat(a.ingestion().catchUp()).isEqualTo((int) applied);
        plant(hub, "second");
        RefEvent second = hub.storage().events().readAfter(applied).get(0);
        Cluster next;
        synchronized (first) {
          // The former leader's check of its lock's connection waits for this monitor.
          terminate(url, lockHolder(url));
          next = Cluster.join(url, b, "b", new Steps());
          assertThat(next.leading()).as("the other instance took the lead at once").isTrue();
          assertThat(first.leading()).as("the former leader has not noticed yet").isTrue();

          a.ingestion().onEvent(second);

          assertThat(b.lastSequence())
              .as("the former leader's event was rolled back")
              .isEqualTo(applied);
          assertThat(first.leading()).as("a fenced write stops the writes at once").isFalse();
          assertThatThrownBy(
                  () ->
                      a.ingestion()
                          .write(
                              c -> {
                                IndexTables.setLastSequence(c, 99);
                                return null;
                              }))
              .isInstanceOf(FencedException.class)
              .hasMessageContaining("another instance leads ingestion now");
          assertThat(a.ingestion().reconcile(REPO)).isFalse();
        }
        assertThat(aSteps.followed.await(5, TimeUnit.SECONDS))
            .as("the former leader stepped down")
            .isTrue();
        try (next) {
          assertThat(b.ingestion().catchUp()).isEqualTo(1);
          assertThat(b.lastSequence()).isEqualTo(second.sequence());
          assertThat(indexedMain(url))
              .as("the new leader's state stands")
              .contains(second.newId().hex());
          assertThat(first.leading()).isFalse();
        }
      }
    }
  }

  @Test
  void aReindexLeaseWhoseSessionEndedIsFencedToo() throws Exception {
    String url = TestDatabases.freshPostgresSchema();
    try (TestStorage hub = TestStorage.open(dir.resolve("data")).users("alice").repo("alice/x");
        Index a = Index.openFollowing(url, hub.storage(), TrustedIssuers.none());
        Index b = Index.openFollowing(url, hub.storage(), TrustedIssuers.none())) {
      try (Cluster.Lease lease = Cluster.leadAlone(url, a)) {
        terminate(url, lockHolder(url));
        try (Cluster next = Cluster.join(url, b, "b", new Steps())) {
          assertThat(next.leading()).isTrue();
          assertThat(lease.held()).isTrue();

          assertThat(a.ingestion().reconcile(REPO)).as("fenced").isFalse();

          assertThat(lease.held()).isFalse();
          assertThat(repositories(url)).as("nothing written").isZero();
          assertThat(b.ingestion().reconcile(REPO)).isTrue();
          assertThat(repositories(url)).isEqualTo(1);
        }
      }
    }
  }

  private static void plant(TestStorage hub, String content) {
    hub.plant(REPO, RefNames.MAIN, "alice", c -> c.add("notes.txt", content).message(content));
  }

  /** The backend that holds the ingestion lock of {@code url}'s schema. */
  private static int lockHolder(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND mode ="
                    + " 'ExclusiveLock' AND database = (SELECT oid FROM pg_database WHERE datname"
                    + " = current_database()) AND objid::bigint ="
                    + " (hashtext(current_schema() || ':evalhub-ingestion')::bigint & 4294967295)")) {
      assertThat(rs.next()).as("someone holds the ingestion lock").isTrue();
      return rs.getInt(1);
    }
  }

  /** Ends the session {@code pid} and waits until it is gone (its locks released). */
  private static void terminate(String url, int pid) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)");
        PreparedStatement alive =
            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      kill.setInt(1, pid);
      kill.executeQuery().close();
      alive.setInt(1, pid);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        try (ResultSet rs = alive.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("session %d ended", pid).isLessThan(deadline);
        Thread.sleep(10);
      }
    }
  }

  private static Optional<String> indexedMain(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return IndexTables.indexedCommit(c, IndexTables.repositoryKeys(c).get(0), RefNames.MAIN);
    }
  }

  private static long repositories(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM repositories")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
