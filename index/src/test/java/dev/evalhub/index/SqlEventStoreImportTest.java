package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.storage.FileEventStore;
import dev.evalhub.storage.RefNames;
import dev.evalhub.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder's {@code events.log} moving into PostgreSQL while several instances start. */
class SqlEventStoreImportTest {

  private static final RepoId REPO = new RepoId(RepoType.MODEL, "alice", "gpt");
  private static final int INSTANCES = 3;

  @TempDir Path dir;

  @Test
  void instancesStartingAtOnceCopyTheFileLogOnceAndAllOpen() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try {
      // Enough events that the others wait on the table lock while the first copies, and read the
      // file while the first renames it; several rounds.
      for (int round = 0; round < 3; round++) {
        Path log = dir.resolve("round" + round).resolve("events.log");
        Files.createDirectories(log.getParent());
        List<RefEvent> written = new FileEventStore(log).append(updates(5_000), Instant.now());
        String url = TestDatabases.freshPostgresSchema();
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        List<Future<List<RefEvent>>> opened = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
          String origin = "instance" + i;
          opened.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (SqlEventStore store = SqlEventStore.open(url, origin, log)) {
                      return store.readAfter(0);
                    }
                  }));
        }
        for (Future<List<RefEvent>> events : opened) {
          assertThat(events.get()).as("round %d", round).isEqualTo(written);
        }
        assertThat(log).doesNotExist();
        assertThat(log.resolveSibling("events.log" + SqlEventStore.MIGRATED_SUFFIX)).exists();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<RefEvent.Pending> updates(int count) {
    List<RefEvent.Pending> updates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      updates.add(
          new RefEvent.Pending(
              REPO,
              new RefName(RefNames.MAIN),
              CommitId.ZERO,
              CommitId.parse(String.format("%040x", i + 1)),
              new AccountName("alice")));
    }
    return updates;
  }
}
