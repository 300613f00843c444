package dev.evalhub.service;

import static dev.evalhub.service.TestAccounts.ANONYMOUS;
import static dev.evalhub.service.TestAccounts.PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.index.IndexFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's start (issue 16, item 5): after a clean stop, with every writer of the data folder
 * ended cleanly, it opens without walking the repositories and reconciles in the background; after
 * a writer that did not end cleanly (killed, or marked unclean) it removes stale locks and
 * reconciles before it opens. "Behind the hub's back" is a ref moved on disk without its event,
 * what only a killed writer leaves (or an operator). A real hub (storage and H2 index).
 */
class CleanStopStartTest {

  private static final String NOWHERE = "1111111111111111111111111111111111111111";

  @TempDir Path data;

  @AfterEach
  void restoreDelay() {
    EvalHub.backgroundReconcileDelay = Duration.ofSeconds(10);
  }

  @Test
  @SuppressWarnings("try") // a hub held open for its block only
  void aStartAfterACleanStopOpensBeforeItsReconcileWhichStillIndexesWhatChangedBehindItsBack()
      throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
    }
    Path lock = staleLock();
    moveMainBehindTheHubsBack();
    EvalHub.backgroundReconcileDelay = Duration.ZERO;

    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // Opened without the walks (the lock is left); the background reconcile indexes the ref.
      assertThat(lock).exists();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!hub.index().ingestion().reconciled() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(hub.operations().health(ANONYMOUS))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
    }
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // Its reconcile completed, so its stop was clean: no walk.
      assertThat(lock).exists();
    }
  }

  @Test
  void aCloseBeforeTheBackgroundReconcileCompletedMakesTheNextStartReconcileBeforeItOpens()
      throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
    }
    Path lock = staleLock();
    moveMainBehindTheHubsBack();
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);

    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // Open without the walks: the lock is left, the moved ref not yet indexed.
      assertThat(lock).exists();
      assertThat(hub.operations().health(ANONYMOUS)).isEmpty();
    }
    // Closed within the background reconcile's delay: no clean stop, so this start walks.
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(lock).doesNotExist();
      assertThat(hub.operations().health(ANONYMOUS))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
    }
  }

  @Test
  @SuppressWarnings("try") // a hub held open for its block only
  void aRebuildThatFailedHalfWayIsNoCleanIndexUntilOneCompletes() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
    }
    // A reindex beside the data folder that fails after it emptied the tables.
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      assertThatThrownBy(
              () ->
                  admin
                      .operations()
                      .reindexAsAdministrator(
                          (done, total) -> {
                            throw new IllegalStateException("a test's failing rebuild");
                          }))
          .hasMessageContaining("a test's failing rebuild");
    }
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(hub.index().ingestion().reconciled()).isTrue();
    }
    Path lock = staleLock();

    // The server that stopped over the half-rebuilt index recorded no clean stop: this start walks.
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(lock).doesNotExist();
    }
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      admin.operations().reindexAsAdministrator((done, total) -> {});
    }
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // The first start after the completed rebuild walks (the rebuild took the record) ...
      assertThat(hub.storage().writers().uncleanEnds()).isEmpty();
    }
    staleLock();
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // ... and its clean stop is trusted again.
      assertThat(lock).exists();
    }
  }

  @Test
  void aWriterThatDiedMakesTheStartRepairAndReconcileBeforeItOpens() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
    }
    // A killed process's file: present, its lock released by the OS.
    Path dead = data.resolve("writers").resolve("killed-writer");
    Files.writeString(dead, "pid 1\n");
    Path lock = staleLock();
    moveMainBehindTheHubsBack();
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);

    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(lock).doesNotExist();
      assertThat(hub.operations().health(ANONYMOUS))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
      assertThat(dead).doesNotExist();
    }
  }

  @Test
  void aProcessMarkedUncleanMakesTheNextStartRepair() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
      hub.storage().writers().markUnclean("a test's append failed");
    }
    Path lock = staleLock();
    moveMainBehindTheHubsBack();
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);

    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(lock).doesNotExist();
      assertThat(hub.operations().health(ANONYMOUS))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
    }
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      // Repaired once: that start's clean stop is trusted again.
      assertThat(hub.storage().writers().uncleanEnds()).isEmpty();
    }
  }

  @Test
  void aRebuildTakesTheCleanStopRecord() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
    }
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      admin.operations().reindexAsAdministrator((done, total) -> {});
    }
    Path lock = staleLock();
    EvalHub.backgroundReconcileDelay = Duration.ofHours(1);

    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      assertThat(lock).doesNotExist();
      assertThat(hub.storage().writers().uncleanEnds()).isEmpty();
    }
  }

  private Path staleLock() throws Exception {
    Path lock =
        data.resolve("repos/models/alice/pub.git")
            .resolve("refs")
            .resolve("heads")
            .resolve("x.lock");
    Files.writeString(lock, "");
    return lock;
  }

  /** Points alice/pub's main at a missing commit, with no event: the index fails it once read. */
  private void moveMainBehindTheHubsBack() throws Exception {
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      try (Repository repository = admin.storage().repositories().open(PUBLIC)) {
        Files.writeString(
            repository.getDirectory().toPath().resolve(repository.getFullBranch()), NOWHERE + "\n");
      }
    }
  }
}
