package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  @Test
  @SuppressWarnings("try") // the hook is held for the try block
  void aCloseBetweenMainsMoveAndTheMergesRecordLeavesTheWriterFile() throws Exception {
    RepoId model = new RepoId(RepoType.MODEL, "alice", "gpt");
    Storage storage = TestStorage.open(data).users("alice", "bob").repo(model).storage();
    assertThat(
            storage
                .pullRequestCommits()
                .open(
                    model,
                    "bob",
                    new CommitRequest(
                        RefName.branch("main"),
                        Optional.empty(),
                        List.of(FileChange.put("a.txt", "a".getBytes(StandardCharsets.UTF_8))),
                        "Add a",
                        new AccountName("bob")))
                .commit()
                .isCommitted())
        .isTrue();

    // The hub closes once main moved, before the record says merged.
    try (CrashPoint.AutoCloseableHook hook =
        CrashPoint.whenReached("merge-main-moved", storage::close)) {
      assertThatThrownBy(
              () -> storage.pullRequests().merge(model, new PrNumber(1), "alice", Optional.empty()))
          .hasMessageContaining("closed");
    }

    // Not a clean end: the file stays, so the next start repairs the merge.
    assertThat(files()).hasSize(1);
    try (Storage next = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(next.writers().uncleanEnds()).hasSize(1);
      assertThat(next.pullRequests().get(model, new PrNumber(1)).status()).isEqualTo(PrStatus.OPEN);
    }
  }

  @Test
  void markingUncleanAfterTheCloseLeavesAFileTheNextStorageFinds() throws Exception {
    Storage storage = Storage.open(data, StorageOptions.DEFAULT);
    storage.close();
    assertThat(files()).isEmpty();

    storage.writers().markUnclean("a write that outlived the close");

    List<Path> left = files();
    assertThat(left).hasSize(1);
    try (Storage next = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(next.writers().uncleanEnds()).containsExactlyElementsOf(left);
    }
  }

  @Test
  void aWriterFileThatCannotBeProbedCountsAsUncleanAndIsNeverDeleted() throws Exception {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      // A file no probe can open (a symbolic link to itself; as another user's file would be).
      Path odd = data.resolve("writers").resolve("unreadable").toAbsolutePath().normalize();
      Files.createSymbolicLink(odd, odd.getFileName());

      List<Path> unclean = storage.writers().uncleanEnds();
      storage.writers().forget(unclean);

      assertThat(unclean).containsExactly(odd);
      assertThat(Files.exists(odd, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
  }

  @Test
  void aStorageThatFailsToOpenLeavesNoWriterRegistered() throws Exception {
    int open = dev.evalhub.storage.internal.WriteSections.openStorages();
    // A file where the administrative repository should be: the open fails after the registration.
    Files.writeString(data.resolve("admin.git"), "not a repository");

    assertThatThrownBy(() -> Storage.open(data, StorageOptions.DEFAULT))
        .isInstanceOf(StorageException.class);

    assertThat(files()).isEmpty();
    assertThat(dev.evalhub.storage.internal.WriteSections.openStorages()).isEqualTo(open);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("writers"))) {
      return files.map(f -> f.toAbsolutePath().normalize()).sorted().toList();
    }
  }
}
