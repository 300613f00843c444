package dev.evalhub.service;

import static dev.evalhub.service.TestAccounts.ALICE;
import static dev.evalhub.service.TestAccounts.ALICE_READ;
import static dev.evalhub.service.TestAccounts.ANONYMOUS;
import static dev.evalhub.service.TestAccounts.BOB;
import static dev.evalhub.service.TestAccounts.MISSING;
import static dev.evalhub.service.TestAccounts.PRIVATE;
import static dev.evalhub.service.TestAccounts.PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.service.GitAccess.Outcome;
import dev.evalhub.storage.PushPermissions;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may fetch and push over git: anyone fetches a public repository; a private one answers like a
 * missing one (sign in, for the anonymous; not found, for strangers); pushing needs a write token;
 * which refs a push may move is decided here and handed to storage.
 */
class GitAccessServiceTest {

  @TempDir Path data;
  private EvalHub hub;

  @BeforeEach
  void open() {
    hub = EvalHub.openAdministration(data);
    TestAccounts.create(hub);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Outcome fetch(RepoId repo, Optional<Caller> caller) {
    return hub.git().authorize(repo, caller, false).outcome();
  }

  private Outcome push(RepoId repo, Optional<Caller> caller) {
    return hub.git().authorize(repo, caller, true).outcome();
  }

  @Test
  void anyoneFetchesAPublicRepository() {
    assertThat(fetch(PUBLIC, ANONYMOUS)).isEqualTo(Outcome.ALLOWED);
    assertThat(fetch(PUBLIC, Optional.of(BOB))).isEqualTo(Outcome.ALLOWED);
    assertThat(fetch(PUBLIC, Optional.of(ALICE_READ))).isEqualTo(Outcome.ALLOWED);
    assertThat(hub.git().authorize(PUBLIC, ANONYMOUS, false).repo())
        .hasValueSatisfying(repo -> assertThat(repo.id()).isEqualTo(PUBLIC));
  }

  @Test
  void aPrivateRepositoryAnswersExactlyLikeAMissingOne() {
    assertThat(hub.git().authorize(PRIVATE, ANONYMOUS, false))
        .isEqualTo(hub.git().authorize(MISSING, ANONYMOUS, false));
    assertThat(fetch(PRIVATE, ANONYMOUS)).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(hub.git().authorize(PRIVATE, Optional.of(BOB), true))
        .isEqualTo(hub.git().authorize(MISSING, Optional.of(BOB), true));
    assertThat(fetch(PRIVATE, Optional.of(BOB))).isEqualTo(Outcome.NOT_FOUND);
    assertThat(fetch(PRIVATE, Optional.of(ALICE_READ))).isEqualTo(Outcome.ALLOWED);
    assertThat(push(PRIVATE, Optional.of(ALICE))).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void pushingNeedsAWriteToken() {
    assertThat(push(PUBLIC, ANONYMOUS)).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(hub.git().authorize(PUBLIC, ANONYMOUS, true).message())
        .isEqualTo("pushing needs a write token");
    assertThat(push(PUBLIC, Optional.of(ALICE_READ))).isEqualTo(Outcome.FORBIDDEN);
    assertThat(push(PUBLIC, Optional.of(ALICE))).isEqualTo(Outcome.ALLOWED);
    // A stranger with a write token may push: to open pull requests (the push rules refuse its
    // branches).
    assertThat(push(PUBLIC, Optional.of(BOB))).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void writersPushBranchesAuthorsTheirPullRequestsAndAnyoneSignedInOpensOne() {
    PushPermissions writer = hub.git().pushPermissions(ALICE, PUBLIC);
    assertThat(writer.mayPushBranches()).isTrue();
    assertThat(writer.mayPushPullRequest("bob")).isTrue();
    assertThat(writer.mayOpenPullRequest()).isTrue();

    PushPermissions stranger = hub.git().pushPermissions(BOB, PUBLIC);
    assertThat(stranger.mayPushBranches()).isFalse();
    assertThat(stranger.mayPushPullRequest("bob")).isTrue();
    assertThat(stranger.mayPushPullRequest("alice")).isFalse();
    assertThat(stranger.mayOpenPullRequest()).isTrue();

    PushPermissions readToken = hub.git().pushPermissions(ALICE_READ, PUBLIC);
    assertThat(readToken.mayPushBranches()).isFalse();
    assertThat(readToken.mayPushPullRequest("bob")).isFalse();
    assertThat(readToken.mayOpenPullRequest()).isFalse();
  }

  @Test
  void onlyAnAllowedAccessOpensTheRepository() throws Exception {
    try (Repository repository = hub.git().open(hub.git().authorize(PUBLIC, ANONYMOUS, false))) {
      assertThat(repository.exactRef("HEAD")).isNotNull();
    }
    GitAccess refused = hub.git().authorize(PRIVATE, ANONYMOUS, false);
    assertThatThrownBy(() -> hub.git().open(refused)).isInstanceOf(IllegalArgumentException.class);
  }
}
