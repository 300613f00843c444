package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances of one hub starting at once on a new PostgreSQL schema (what MultiInstanceIT's three
 * {@code serve} processes do, in threads lined up by a barrier): each opens the event table and the
 * index (both migrate with Flyway) and joins the cluster; every one opens, exactly one leads
 * (within {@link #SETTLE}: a leader whose lock check is slow on a loaded machine may step down and
 * another take over), and the schema is migrated once. A guard against concurrent migration and
 * double leadership at start, not a reproduction of a failure: the barrier makes the race likely,
 * not certain. Skipped without {@code EVALHUB_TEST_POSTGRES_URL}.
 */
class ConcurrentClusterStartTest {

  private static final int INSTANCES = 3;
  private static final int ROUNDS = 3;

  /** How long the instances may take to settle on exactly one leader after joining. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  /** The SQL migrations in {@code db/migration} (V1 to V3_14_1 and on). */
  private static final long MIGRATIONS = migrationFiles();

  @TempDir Path dir;

  private static final Cluster.Roles NOTHING =
      new Cluster.Roles() {
        @Override
        public void lead() {}

        @Override
        public void follow() {}

        @Override
        public void othersAppended() {}
      };

  private record Instance(SqlEventStore events, Index index, Cluster cluster)
      implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
      index.close();
      events.close();
    }
  }

  @Test
  void instancesStartingAtOnceOnANewSchemaAllOpenAndOneLeads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try (TestStorage hub = TestStorage.open(dir.resolve("data")).users("alice")) {
      Storage storage = hub.storage();
      for (int round = 0; round < ROUNDS; round++) {
        String url = TestDatabases.freshPostgresSchema();
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        List<Future<Instance>> starting = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
          String origin = "round" + round + "-instance" + i;
          Path log = dir.resolve("round" + round).resolve("events.log");
          starting.add(
              pool.submit(
                  () -> {
                    start.await();
                    SqlEventStore events = SqlEventStore.open(url, origin, log);
                    Index index = Index.openFollowing(url, storage, TrustedIssuers.none());
                    return new Instance(events, index, Cluster.join(url, index, origin, NOTHING));
                  }));
        }
        List<Instance> instances = new ArrayList<>();
        try {
          for (Future<Instance> instance : starting) {
            instances.add(instance.get(60, TimeUnit.SECONDS));
          }
          assertThat(settledLeaders(instances)).as("leaders in round %d", round).isEqualTo(1);
          assertThat(history(url))
              .as("migrations applied, distinct versions, all successful, in round %d", round)
              .isEqualTo(List.of(MIGRATIONS, MIGRATIONS, 1L));
        } finally {
          instances.forEach(Instance::close);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The number of leaders once it is 1, or the last count seen when {@link #SETTLE} has passed. */
  private static long settledLeaders(List<Instance> instances) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      long leaders = instances.stream().filter(i -> i.cluster().leading()).count();
      if (leaders == 1 || System.nanoTime() > deadline) {
        return leaders;
      }
      Thread.sleep(50);
    }
  }

  /** Applied migrations, their distinct versions, and 1 when every one succeeded. */
  private static List<Long> history(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT version), min(CASE WHEN success THEN 1 ELSE 0 END)"
                    + " FROM flyway_schema_history")) {
      rs.next();
      return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  private static long migrationFiles() {
    try (var files =
        Files.list(
            Path.of(ConcurrentClusterStartTest.class.getResource("/db/migration").toURI()))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list db/migration", e);
    }
  }
}
