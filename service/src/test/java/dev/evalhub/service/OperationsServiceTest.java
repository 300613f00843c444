package dev.evalhub.service;

import static dev.evalhub.service.TestAccounts.ALICE_READ;
import static dev.evalhub.service.TestAccounts.ANONYMOUS;
import static dev.evalhub.service.TestAccounts.BOB;
import static dev.evalhub.service.TestAccounts.PRIVATE;
import static dev.evalhub.service.TestAccounts.PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.index.ReindexSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health shows a caller the index failures of the repositories it may read, and nothing of the
 * others; the doctor sees every failure, the locks and the lag; a rebuild reports its progress. A
 * real hub (storage and H2 index).
 */
class OperationsServiceTest {

  private static final String NOWHERE = "1111111111111111111111111111111111111111";

  @TempDir Path data;

  @Test
  void healthShowsOnlyTheFailuresOfReadableRepositories() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
      assertThat(hub.operations().health(ANONYMOUS)).isEmpty();

      breakMain(hub, PUBLIC);
      breakMain(hub, PRIVATE);

      assertThat(hub.operations().health(ANONYMOUS))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
      assertThat(hub.operations().health(Optional.of(BOB)))
          .extracting(IndexFailure::repo)
          .containsExactly("alice/pub");
      assertThat(hub.operations().health(Optional.of(ALICE_READ)))
          .extracting(IndexFailure::repo)
          .containsExactlyInAnyOrder("alice/pub", "alice/priv");
    }
  }

  @Test
  void theDoctorSeesEverythingAndAnAdministrationHubOpensTheIndexWhenAsked() throws Exception {
    try (EvalHub hub = EvalHub.open(HubOptions.of(data))) {
      TestAccounts.create(hub);
      breakMain(hub, PRIVATE);
      assertThat(hub.operations().doctor().problems()).isEqualTo(1);
    }
    Path lock = data.resolve("admin.git").resolve("refs").resolve("heads").resolve("stale.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "");
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      // Events appended while no server runs: the administration hub does not catch up, the doctor
      // says so.
      admin.accounts().createUserAsAdministrator("carol");
      admin.storage().createRepository(RepoId.parsePath("carol/new").orElseThrow(), false);

      DoctorReport report = admin.operations().doctor();

      assertThat(report.indexFailures())
          .extracting(IndexFailure::repo)
          .containsExactly("alice/priv");
      assertThat(report.lockFiles()).containsExactly(lock);
      assertThat(report.eventLag()).isPositive();
      assertThat(report.interruptedMerges()).isEmpty();
      assertThat(report.problems()).isEqualTo(3);
    }
  }

  @Test
  void aRebuildReportsItsProgressAndSummary() {
    try (EvalHub hub = EvalHub.openAdministration(data)) {
      TestAccounts.create(hub);
      List<String> progress = new ArrayList<>();
      ReindexProgress recorder = (done, total) -> progress.add(done + "/" + total);

      ReindexSummary summary = hub.operations().reindexAsAdministrator(recorder);

      assertThat(summary.repositories()).isEqualTo(2);
      assertThat(progress).last().isEqualTo("2/2");
      assertThat(hub.operations().doctor().problems()).isZero();
    }
  }

  /**
   * Points {@code repo}'s main at a missing commit, as a crashed disk might, and appends the event.
   */
  private static void breakMain(EvalHub hub, RepoId repo) throws Exception {
    try (Repository repository = hub.storage().repositories().open(repo)) {
      String old = repository.exactRef("HEAD").getObjectId().name();
      Files.writeString(
          repository.getDirectory().toPath().resolve(repository.getFullBranch()), NOWHERE + "\n");
      hub.storage()
          .events()
          .append(
              List.of(
                  new RefEvent.Pending(
                      repo,
                      new RefName(repository.getFullBranch()),
                      CommitId.parse(old),
                      CommitId.parse(NOWHERE),
                      new AccountName("mallory"))));
    }
  }
}
