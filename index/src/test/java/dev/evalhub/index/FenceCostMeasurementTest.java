package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalhub.domain.RepoId;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fence ({@link LeaderEpoch}) costs ingestion on PostgreSQL: the same events applied by
 * {@link Ingestion#catchUp} into a fresh schema, rounds with the fence and without alternating in
 * one run; prints events/s. A measurement, not a check: runs only with {@code
 * -Devalhub.measure.fence=EVENTS} (and {@code EVALHUB_TEST_POSTGRES_URL}).
 */
class FenceCostMeasurementTest {

  @TempDir Path dir;

  @Test
  void ingestionWithAndWithoutTheFence() throws Exception {
    String events = System.getProperty("evalhub.measure.fence");
    assumeTrue(events != null, "a measurement: -Devalhub.measure.fence=EVENTS");
    TestDatabases.freshPostgresSchema();
    RepoId repo = RepoId.parsePath("alice/x").orElseThrow();
    try (TestStorage hub = TestStorage.open(dir.resolve("data")).users("alice").repo("alice/x")) {
      for (int i = 0; i < Integer.parseInt(events); i++) {
        String n = Integer.toString(i);
        hub.plant(repo, RefNames.MAIN, "alice", c -> c.add("n.txt", n).message(n));
      }
      long total = hub.storage().events().lastSequence();
      for (int round = 0; round < 10; round++) {
        boolean fenced = round % 2 == 1;
        try (Index index =
            Index.openFollowing(
                TestDatabases.freshPostgresSchema(), hub.storage(), TrustedIssuers.none())) {
          Ingestion ingestion = index.ingestion();
          ingestion.writeOnlyWhile(() -> true);
          if (fenced) {
            long epoch = ingestion.takeLeaderEpoch();
            ingestion.fenceWith(LeaderEpoch.fence(epoch, () -> {}));
          }
          long start = System.nanoTime();
          assertThat(ingestion.catchUp()).isEqualTo((int) total);
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "fence-cost round %d %s: %d events in %.3f s = %.1f events/s%n",
              round, fenced ? "fenced" : "unfenced", total, seconds, total / seconds);
        }
      }
      // The fence alone: write transactions that set the position and nothing else.
      try (Index index =
          Index.openFollowing(
              TestDatabases.freshPostgresSchema(), hub.storage(), TrustedIssuers.none())) {
        Ingestion ingestion = index.ingestion();
        long epoch = ingestion.takeLeaderEpoch();
        LeaderEpoch.Fence fence = LeaderEpoch.fence(epoch, () -> {});
        int transactions = 2000;
        for (int round = 0; round < 10; round++) {
          boolean fenced = round % 2 == 1;
          ingestion.fenceWith(fenced ? fence : LeaderEpoch.NONE);
          long start = System.nanoTime();
          for (int i = 0; i < transactions; i++) {
            long position = i;
            ingestion.write(
                c -> {
                  dev.evalhub.index.internal.IndexTables.setLastSequence(c, position);
                  return null;
                });
          }
          double micros = (System.nanoTime() - start) / 1e3 / transactions;
          System.out.printf(
              "fence-cost transactions round %d %s: %.0f us per write transaction%n",
              round, fenced ? "fenced" : "unfenced", micros);
        }
      }
    }
  }
}
