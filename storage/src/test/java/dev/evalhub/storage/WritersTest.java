package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of the processes writing a data folder: a storage's file lives while it is open and
 * goes at a clean close; one marked unclean stays; a file no live process holds is an unclean end;
 * nothing writes once every storage of the JVM closed. Real files and OS locks.
 */
class WritersTest {

  @TempDir Path data;

  @Test
  void anOpenStorageHoldsItsFileAndACleanCloseDeletesIt() throws Exception {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(files()).hasSize(1);
      // Its own file is a live writer's, never an unclean end.
      assertThat(storage.writers().uncleanEnds()).isEmpty();
    }
    assertThat(files()).isEmpty();
  }

  @Test
  void aStorageMarkedUncleanLeavesItsFileWhichTheNextOneFindsAndForgets() throws Exception {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.writers().markUnclean("a test");
      assertThat(storage.writers().unclean()).contains("a test");
    }
    List<Path> left = files();
    assertThat(left).hasSize(1);
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      List<Path> unclean = storage.writers().uncleanEnds();
      assertThat(unclean).containsExactlyElementsOf(left);
      storage.writers().forget(unclean);
      assertThat(storage.writers().uncleanEnds()).isEmpty();
    }
  }

  @Test
  void aFailedAppendMarksTheProcessUnclean() throws Exception {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      // A directory where the log's file should be: every append fails.
      Files.createDirectories(data.resolve("events.log"));
      assertThatThrownBy(
              () ->
                  storage
                      .events()
                      .append(
                          List.of(
                              new RefEvent.Pending(
                                  RepoId.parsePath("alice/m").orElseThrow(),
                                  new RefName("refs/heads/main"),
                                  CommitId.ZERO,
                                  CommitId.ZERO,
                                  new AccountName("alice")))))
          .isInstanceOf(RuntimeException.class);
      assertThat(storage.writers().unclean()).isPresent();
    }
    assertThat(files()).hasSize(1);
  }

  @Test
  void nothingWritesOnceEveryStorageClosed() throws Exception {
    Storage storage = Storage.open(data, StorageOptions.DEFAULT);
    storage.close();
    // Only when no other storage of this JVM is open (another test's would let it write).
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.evalhub.storage.internal.WriteSections.openStorages() == 0);
    assertThatThrownBy(
            () ->
                storage.createEmptyRepository(
                    RepoId.parsePath("alice/late").orElseThrow(), false, "alice"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("writers"))) {
      return files.map(f -> f.toAbsolutePath().normalize()).sorted().toList();
    }
  }
}
