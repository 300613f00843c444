package dev.evalhub.service;

import static dev.evalhub.service.PullRequestFixture.ALICE;
import static dev.evalhub.service.PullRequestFixture.ALICE_READ;
import static dev.evalhub.service.PullRequestFixture.ANONYMOUS;
import static dev.evalhub.service.PullRequestFixture.BOB;
import static dev.evalhub.service.PullRequestFixture.BOB_READ;
import static dev.evalhub.service.PullRequestFixture.PRIVATE;
import static dev.evalhub.service.PullRequestFixture.PUBLIC;
import static dev.evalhub.service.PullRequestFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException.Kind;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read a repository's result history: whoever may read the repository; the administrator
 * reads all.
 */
class HistoryServiceTest {

  @TempDir Path data;
  private PullRequestFixture fixture;
  private HistoryService history;

  @BeforeEach
  void open() {
    fixture = new PullRequestFixture(data);
    history = fixture.hub.history();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void anyoneReadsTheHistoryOfAPublicRepository() {
    fixture.pullRequestWithHead(PUBLIC, "25.1");

    for (Optional<Caller> caller : List.of(ANONYMOUS, Optional.of(BOB), Optional.of(BOB_READ))) {
      List<ResultHistoryEntry> entries = history.of(PUBLIC, caller, Optional.empty());
      assertThat(entries)
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.key().taskId()).isEqualTo("hle");
                assertThat(entry.steps())
                    .extracting(ResultStep::kind, ResultStep::newValue)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            ResultStep.Kind.ADDED, Optional.of(20.9)),
                        org.assertj.core.groups.Tuple.tuple(
                            ResultStep.Kind.CHANGED, Optional.of(25.1)));
              });
    }
  }

  @Test
  void oneTaskOnlyWhenAsked() {
    assertThat(history.of(PUBLIC, ANONYMOUS, Optional.of("HLE"))).hasSize(1);
    assertThat(history.of(PUBLIC, ANONYMOUS, Optional.of("gsm8k"))).isEmpty();
  }

  @Test
  void aPrivateRepositoryIsNotFoundForAnonymousAndStrangers() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, Optional.of(BOB), Optional.of(BOB_READ))) {
      refused(
          () -> history.of(PRIVATE, caller, Optional.empty()),
          Kind.REPO_NOT_FOUND,
          "repository alice/secret not found");
    }
  }

  @Test
  void theWritersOfAPrivateRepositoryReadItsHistoryWithAnyToken() {
    assertThat(history.of(PRIVATE, Optional.of(ALICE), Optional.empty())).hasSize(1);
    assertThat(history.of(PRIVATE, Optional.of(ALICE_READ), Optional.empty())).hasSize(1);
  }

  @Test
  void theAdministratorReadsPrivateRepositoriesAndOnlyAMissingOneIsNotFound() {
    assertThat(history.ofAsAdministrator(PRIVATE, Optional.empty()))
        .singleElement()
        .satisfies(
            entry ->
                assertThat(entry.steps()).extracting(ResultStep::actor).containsExactly("evalhub"));
    refused(
        () ->
            history.ofAsAdministrator(
                new RepoId(RepoType.MODEL, "alice", "none"), Optional.empty()),
        Kind.REPO_NOT_FOUND,
        "repository alice/none not found");
  }
}
