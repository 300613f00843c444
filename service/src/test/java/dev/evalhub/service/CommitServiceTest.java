package dev.evalhub.service;

import static dev.evalhub.service.ServiceFixture.PRIVATE;
import static dev.evalhub.service.ServiceFixture.PUBLIC;
import static dev.evalhub.service.ServiceFixture.READ_TOKEN;
import static dev.evalhub.service.ServiceFixture.STRANGER;
import static dev.evalhub.service.ServiceFixture.STRANGER_READ_TOKEN;
import static dev.evalhub.service.ServiceFixture.WRITER;
import static dev.evalhub.service.ServiceFixture.as;
import static dev.evalhub.service.ServiceFixture.assertRefused;
import static dev.evalhub.service.ServiceFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.CommitTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may commit to a branch, open a pull request by a commit, or add to one, on a real data
 * folder.
 */
class CommitServiceTest {

  private static final Caller CAROL = new Caller("carol", Role.WRITE);

  @TempDir Path data;
  private ServiceFixture fixture;
  private CommitService commits;

  @BeforeEach
  void open() {
    fixture = new ServiceFixture(data);
    fixture.storage.accounts().createUser("carol");
    commits = fixture.hub.commits();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private CommitOutcome commit(String revision, boolean createPr, Caller caller) {
    CommitTarget target = commits.target(PUBLIC, revision, createPr, caller);
    return commits.commit(
        target,
        Optional.empty(),
        List.of(file("notes.md", caller.user() + "\n")),
        "Notes by " + caller.user(),
        caller);
  }

  @Test
  void writerCommitsToMainAndTheCommitIsRead() {
    CommitOutcome outcome = commit("main", false, WRITER);

    assertThat(outcome.commit().isCommitted()).isTrue();
    assertThat(outcome.pullRequest()).isEmpty();
    assertThat(fixture.hub.contents().resolve(PUBLIC, "main", as(WRITER)).commitId())
        .isEqualTo(outcome.commit().commitId().orElseThrow());
  }

  @Test
  void strangerAndReadTokenCannotCommitToABranch() {
    assertThatThrownBy(() -> commits.target(PUBLIC, "main", false, STRANGER))
        .hasMessage("you cannot write to alice/gpt");
    assertThatThrownBy(() -> commits.target(PUBLIC, "main", false, READ_TOKEN))
        .hasMessage("you cannot write to alice/gpt: your token is read-only");
  }

  @Test
  void privateRepositoryIsNotFoundForAStrangerWhateverTheKindOfCommit() {
    for (boolean createPr : new boolean[] {false, true}) {
      assertRefused(
          () -> commits.target(PRIVATE, "main", createPr, STRANGER),
          HubException.Kind.REPO_NOT_FOUND);
    }
    assertRefused(
        () -> commits.target(PRIVATE, "refs/pr/1", false, STRANGER),
        HubException.Kind.REPO_NOT_FOUND);
  }

  @Test
  void aBranchOtherThanMainMustExist() {
    assertRefused(
        () -> commits.target(PUBLIC, "dev", false, WRITER), HubException.Kind.REVISION_NOT_FOUND);
  }

  @Test
  void aTargetHandedOnIsCheckedAgainForItsCaller() {
    CommitTarget writers = commits.target(PUBLIC, "main", false, WRITER);

    assertRefused(
        () ->
            commits.commit(writers, Optional.empty(), List.of(file("x.md", "x\n")), "x", STRANGER),
        HubException.Kind.FORBIDDEN);
  }

  @Test
  void strangerWithAWriteTokenOpensAPullRequestButNotWithAReadToken() {
    CommitOutcome opened = commit("main", true, STRANGER);

    assertThat(opened.commit().isCommitted()).isTrue();
    assertThat(opened.pullRequest()).contains(new PrNumber(1));
    assertThatThrownBy(() -> commit("main", true, STRANGER_READ_TOKEN))
        .hasMessage("a read token cannot open or add to pull requests");
  }

  @Test
  void pullRequestsTargetMainOnly() {
    fixture.commit(PUBLIC, "dev", "dev.md", "dev\n");

    assertThatThrownBy(() -> commit("dev", true, STRANGER))
        .hasMessage("pull requests target main, not refs/heads/dev");
  }

  @Test
  void authorAndWritersAddToAnOpenPullRequestOthersDoNot() {
    commit("main", true, STRANGER);

    assertThat(commit("refs/pr/1", false, STRANGER).pullRequest()).contains(new PrNumber(1));
    assertThat(commit("refs/pr/1", false, WRITER).commit().isCommitted()).isTrue();
    assertThatThrownBy(() -> commit("refs/pr/1", false, CAROL))
        .hasMessage("only the author of #1 and the writers of alice/gpt may push to it");
    assertThatThrownBy(() -> commit("refs/pr/1", false, READ_TOKEN))
        .hasMessage("a read token cannot open or add to pull requests");
  }

  @Test
  void aMissingPullRequestIsRevisionNotFound() {
    assertRefused(() -> commit("refs/pr/7", false, WRITER), HubException.Kind.REVISION_NOT_FOUND);
  }

  @Test
  void aClosedPullRequestTakesNoMoreCommitsWhoeverAsks() {
    commit("main", true, STRANGER);
    fixture
        .storage
        .pullRequests()
        .changeStatus(PUBLIC, new PrNumber(1), WRITER.user(), PrStatus.CLOSED, Optional.empty());

    for (Caller anyone : List.of(CAROL, WRITER)) {
      assertThatThrownBy(() -> commit("refs/pr/1", false, anyone))
          .hasMessage("pull request #1 is closed: no more pushes");
    }
  }

  @Test
  void staleParentIsAMismatchNotAnError() {
    CommitTarget target = commits.target(PUBLIC, "main", false, WRITER);

    CommitOutcome outcome =
        commits.commit(
            target, Optional.of("0".repeat(39) + "1"), List.of(file("x.md", "x\n")), "x", WRITER);

    assertThat(outcome.commit().status()).isEqualTo(CommitResult.Status.PARENT_MISMATCH);
  }
}
