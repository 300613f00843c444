package dev.evalhub.service;

import static dev.evalhub.service.PullRequestFixture.ALICE;
import static dev.evalhub.service.PullRequestFixture.ALICE_READ;
import static dev.evalhub.service.PullRequestFixture.ANONYMOUS;
import static dev.evalhub.service.PullRequestFixture.BOB;
import static dev.evalhub.service.PullRequestFixture.BOB_READ;
import static dev.evalhub.service.PullRequestFixture.CAROL;
import static dev.evalhub.service.PullRequestFixture.PRIVATE;
import static dev.evalhub.service.PullRequestFixture.PUBLIC;
import static dev.evalhub.service.PullRequestFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException.Kind;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.NewFlag;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may raise, read, comment on and resolve flags (issue 14): any account with a write token
 * raises on a model it can read; the flagger and the model's writers comment; only writers resolve,
 * once; a private model is not found for everyone but its writers.
 */
class FlagServiceTest {

  private static final PrNumber ONE = new PrNumber(1);
  private static final NewFlag CONTAMINATED =
      NewFlag.of(
          "contamination",
          ".eval_results/hle.yaml",
          "cais/hle",
          "hle",
          "",
          "The test set is in the training data.",
          List.of("https://example.org/leak"));

  @TempDir Path data;
  private PullRequestFixture fixture;
  private FlagService flags;

  @BeforeEach
  void open() {
    fixture = new PullRequestFixture(data);
    flags = fixture.hub.flags();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aStrangerRaisesAFlagOnTheResultAtMainWithItsEntryHash() {
    PullRequest flag = flags.raise(PUBLIC, BOB, CONTAMINATED);

    assertThat(flag.kind()).isEqualTo(PullRequest.Kind.FLAG);
    assertThat(flag.author()).isEqualTo("bob");
    assertThat(flag.description()).isEqualTo("The test set is in the training data.");
    assertThat(flag.flag().orElseThrow().target().datasetId()).isEqualTo("cais/hle");
    assertThat(flag.flag().orElseThrow().target().entrySha256()).matches("[0-9a-f]{64}");
    assertThat(flag.flag().orElseThrow().status()).isEqualTo(FlagStatus.OPEN);
    assertThat(flags.list(PUBLIC, ANONYMOUS, Optional.of(FlagStatus.OPEN))).hasSize(1);
    assertThat(flags.get(PUBLIC, ONE, ANONYMOUS).title())
        .isEqualTo("Flag: contamination of cais/hle hle (.eval_results/hle.yaml)");
  }

  @Test
  void theFlaggerAndTheWritersCommentAndOnlyWritersResolveOnce() {
    flags.raise(PUBLIC, BOB, CONTAMINATED);
    flags.comment(PUBLIC, ONE, BOB, "See the link.");
    flags.comment(PUBLIC, ONE, ALICE, "Checking.");

    refused(
        () -> flags.comment(PUBLIC, ONE, CAROL, "Me too."),
        Kind.FORBIDDEN,
        "only the flagger and the writers of alice/gpt may comment on flag #1");
    refused(
        () -> fixture.hub.pullRequests().comment(PUBLIC, ONE, CAROL, "Me too."),
        Kind.FORBIDDEN,
        "only the flagger and the writers of alice/gpt may comment on flag #1");
    refused(
        () -> flags.resolve(PUBLIC, ONE, BOB, FlagStatus.UPHELD, "mine"),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt (with a write token) may resolve flags");
    refused(
        () -> flags.resolve(PUBLIC, ONE, ALICE_READ, FlagStatus.UPHELD, "read token"),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt (with a write token) may resolve flags");
    refused(
        () ->
            fixture
                .hub
                .pullRequests()
                .changeStatus(PUBLIC, ONE, ALICE, PrStatus.CLOSED, Optional.empty()),
        Kind.CONFLICT,
        "#1 is a flag: it is resolved through its flag endpoint");

    PullRequest resolved = flags.resolve(PUBLIC, ONE, ALICE, FlagStatus.REJECTED, "Reran it.");

    assertThat(resolved.flag().orElseThrow().status()).isEqualTo(FlagStatus.REJECTED);
    assertThat(resolved.flag().orElseThrow().resolution().orElseThrow().account())
        .isEqualTo("alice");
    assertThat(resolved.status()).isEqualTo(PrStatus.CLOSED);
    assertThat(resolved.events())
        .extracting(e -> e.kind().id())
        .containsExactly("comment", "comment", "comment", "status-change");
    refused(
        () -> flags.resolve(PUBLIC, ONE, ALICE, FlagStatus.UPHELD, "again"),
        Kind.CONFLICT,
        "flag #1 is already rejected");
  }

  @Test
  void aPrivateModelsFlagsAreNotFoundForStrangersAndReadTokensRaiseNothing() {
    flags.raise(PRIVATE, ALICE, CONTAMINATED);
    String notFound = "repository alice/secret not found";
    for (Optional<Caller> caller : List.of(ANONYMOUS, Optional.of(BOB), Optional.of(BOB_READ))) {
      refused(() -> flags.list(PRIVATE, caller, Optional.empty()), Kind.REPO_NOT_FOUND, notFound);
      refused(() -> flags.get(PRIVATE, ONE, caller), Kind.REPO_NOT_FOUND, notFound);
    }
    refused(() -> flags.raise(PRIVATE, BOB, CONTAMINATED), Kind.REPO_NOT_FOUND, notFound);
    refused(() -> flags.comment(PRIVATE, ONE, BOB, "hi"), Kind.REPO_NOT_FOUND, notFound);
    refused(
        () -> flags.resolve(PRIVATE, ONE, BOB, FlagStatus.UPHELD, "x"),
        Kind.REPO_NOT_FOUND,
        notFound);
    refused(
        () -> flags.raise(PUBLIC, BOB_READ, CONTAMINATED),
        Kind.FORBIDDEN,
        "a read token cannot raise or comment on flags");
    refused(
        () -> flags.list(new RepoId(RepoType.DATASET, "alice", "gpt"), ANONYMOUS, Optional.empty()),
        Kind.REPO_NOT_FOUND,
        "repository datasets/alice/gpt not found");
    assertThat(flags.list(PRIVATE, Optional.of(ALICE), Optional.empty())).hasSize(1);
  }

  @Test
  void aTargetThatNamesNoResultAtMainIsRefused() {
    refused(
        () ->
            flags.raise(
                PUBLIC,
                BOB,
                NewFlag.of(
                    "other", ".eval_results/hle.yaml", "cais/hle", "nope", "", "e", List.of())),
        Kind.INVALID,
        "target: .eval_results/hle.yaml on main of alice/gpt holds no result of dataset cais/hle"
            + " task nope");
    refused(
        () ->
            flags.raise(
                PUBLIC,
                BOB,
                NewFlag.of("other", "README.md", "cais/hle", "hle", "", "e", List.of())),
        Kind.INVALID,
        "target.filename: \"README.md\" is not a .eval_results/*.yaml file");
    assertThat(flags.list(PUBLIC, ANONYMOUS, Optional.empty())).isEmpty();
  }
}
