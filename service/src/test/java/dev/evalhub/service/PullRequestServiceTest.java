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
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read, open, comment, close, reopen and merge discussions and pull requests: anonymous, a
 * stranger, a read token, the author, a writer; a private repository is not found for everyone but
 * its writers.
 */
class PullRequestServiceTest {

  private static final PrNumber ONE = new PrNumber(1);
  private static final NewDiscussion QUESTION =
      new NewDiscussion("Which prompt?", "How was it run?", false);

  @TempDir Path data;
  private PullRequestFixture fixture;
  private PullRequestService prs;

  @BeforeEach
  void open() {
    fixture = new PullRequestFixture(data);
    prs = fixture.hub.pullRequests();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void anyoneReadsTheDiscussionsOfAPublicRepository() {
    prs.open(PUBLIC, BOB, QUESTION);

    assertThat(prs.list(PUBLIC, ANONYMOUS))
        .extracting(PullRequest::title)
        .containsExactly("Which prompt?");
    assertThat(prs.get(PUBLIC, ONE, ANONYMOUS).author()).isEqualTo("bob");
    assertThat(prs.get(PUBLIC, ONE, Optional.of(CAROL)).title()).isEqualTo("Which prompt?");
    assertThat(prs.changes(PUBLIC, ONE, ANONYMOUS)).isEqualTo(PrChanges.NONE);
  }

  @Test
  void aPrivateRepositoryIsNotFoundForAnonymousAndStrangers() {
    prs.open(PRIVATE, ALICE, QUESTION);
    String notFound = "repository alice/secret not found";

    for (Optional<Caller> caller :
        java.util.List.of(ANONYMOUS, Optional.of(BOB), Optional.of(BOB_READ))) {
      refused(() -> prs.list(PRIVATE, caller), Kind.REPO_NOT_FOUND, notFound);
      refused(() -> prs.get(PRIVATE, ONE, caller), Kind.REPO_NOT_FOUND, notFound);
      refused(() -> prs.changes(PRIVATE, ONE, caller), Kind.REPO_NOT_FOUND, notFound);
    }
    refused(() -> prs.open(PRIVATE, BOB, QUESTION), Kind.REPO_NOT_FOUND, notFound);
    refused(() -> prs.comment(PRIVATE, ONE, BOB, "Hi"), Kind.REPO_NOT_FOUND, notFound);
    refused(
        () -> prs.changeStatus(PRIVATE, ONE, BOB, PrStatus.CLOSED, Optional.empty()),
        Kind.REPO_NOT_FOUND,
        notFound);
    refused(() -> prs.merge(PRIVATE, ONE, BOB, Optional.empty()), Kind.REPO_NOT_FOUND, notFound);
    // As a missing repository is.
    refused(
        () ->
            prs.list(
                new dev.evalhub.domain.RepoId(dev.evalhub.domain.RepoType.MODEL, "alice", "none"),
                Optional.of(ALICE)),
        Kind.REPO_NOT_FOUND,
        "repository alice/none not found");
  }

  @Test
  void theWritersOfAPrivateRepositoryReadAndTakePart() {
    prs.open(PRIVATE, ALICE, QUESTION);
    prs.comment(PRIVATE, ONE, ALICE, "Zero-shot.");

    assertThat(prs.list(PRIVATE, Optional.of(ALICE_READ))).hasSize(1);
    assertThat(prs.get(PRIVATE, ONE, Optional.of(ALICE)).events())
        .extracting(e -> e.text())
        .containsExactly("Zero-shot.");
  }

  @Test
  void aSignedInStrangerOpensAndComments() {
    PullRequest opened = prs.open(PUBLIC, BOB, QUESTION);
    PullRequest commented = prs.comment(PUBLIC, ONE, CAROL, "  Me too.  ");

    assertThat(opened.number()).isEqualTo(ONE);
    assertThat(opened.author()).isEqualTo("bob");
    assertThat(commented.events())
        .extracting(e -> e.actor() + ": " + e.text())
        .containsExactly("carol: Me too.");
  }

  @Test
  void aReadTokenCannotOpenCommentOrChangeAnything() {
    prs.open(PUBLIC, BOB, QUESTION);
    String readOnly = "a read token cannot open, comment on or change discussions";

    refused(
        () -> prs.open(PUBLIC, BOB_READ, new NewDiscussion("Hi", "", false)),
        Kind.FORBIDDEN,
        readOnly);
    refused(() -> prs.comment(PUBLIC, ONE, BOB_READ, "Hi"), Kind.FORBIDDEN, readOnly);
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, BOB_READ, PrStatus.CLOSED, Optional.empty()),
        Kind.FORBIDDEN,
        readOnly);
    // Not even a writer's read token.
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, ALICE_READ, PrStatus.CLOSED, Optional.empty()),
        Kind.FORBIDDEN,
        readOnly);
    refused(
        () -> prs.merge(PUBLIC, ONE, ALICE_READ, Optional.empty()),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt (with a write token) may merge");
    assertThat(prs.get(PUBLIC, ONE, ANONYMOUS).events()).isEmpty();
  }

  @Test
  void anEmptyCommentIsInvalid() {
    prs.open(PUBLIC, BOB, QUESTION);

    refused(
        () -> prs.comment(PUBLIC, ONE, BOB, "  "), Kind.INVALID, "comment: a comment needs text");
  }

  @Test
  void theAuthorClosesButDoesNotReopen() {
    prs.open(PUBLIC, BOB, QUESTION);

    PullRequest closed =
        prs.changeStatus(PUBLIC, ONE, BOB, PrStatus.CLOSED, Optional.of("Answered"));

    assertThat(closed.status()).isEqualTo(PrStatus.CLOSED);
    assertThat(closed.events())
        .extracting(e -> e.kind() + " " + e.actor())
        .containsExactly("COMMENT bob", "STATUS_CHANGE bob");
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, BOB, PrStatus.OPEN, Optional.empty()),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt may reopen #1");
  }

  @Test
  void aStrangerNeitherClosesNorReopens() {
    prs.open(PUBLIC, BOB, QUESTION);

    refused(
        () -> prs.changeStatus(PUBLIC, ONE, CAROL, PrStatus.CLOSED, Optional.empty()),
        Kind.FORBIDDEN,
        "only the author of #1 and the writers of alice/gpt may close it");
    prs.changeStatus(PUBLIC, ONE, BOB, PrStatus.CLOSED, Optional.empty());
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, CAROL, PrStatus.OPEN, Optional.empty()),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt may reopen #1");
    assertThat(prs.get(PUBLIC, ONE, ANONYMOUS).status()).isEqualTo(PrStatus.CLOSED);
  }

  @Test
  void aWriterClosesAndReopensAnyonesDiscussion() {
    prs.open(PUBLIC, BOB, QUESTION);

    prs.changeStatus(PUBLIC, ONE, ALICE, PrStatus.CLOSED, Optional.empty());
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, ALICE, PrStatus.CLOSED, Optional.empty()),
        Kind.CONFLICT,
        "#1 is already closed");
    PullRequest reopened = prs.changeStatus(PUBLIC, ONE, ALICE, PrStatus.OPEN, Optional.empty());

    assertThat(reopened.status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void aMissingDiscussionIsNotFoundBeforeAnyPermissionIsDecided() {
    refused(
        () -> prs.get(PUBLIC, new PrNumber(9), ANONYMOUS),
        Kind.NOT_FOUND,
        "discussion #9 not found in alice/gpt");
    refused(
        () -> prs.changeStatus(PUBLIC, new PrNumber(9), CAROL, PrStatus.CLOSED, Optional.empty()),
        Kind.NOT_FOUND,
        "discussion #9 not found in alice/gpt");
    refused(
        () -> prs.changeStatus(PUBLIC, new PrNumber(9), ALICE, PrStatus.CLOSED, Optional.empty()),
        Kind.NOT_FOUND,
        "discussion #9 not found in alice/gpt");
  }

  @Test
  void mergedIsNotAStatusChange() {
    prs.open(PUBLIC, BOB, new NewDiscussion("Add HLE", "", true));

    refused(
        () -> prs.changeStatus(PUBLIC, ONE, ALICE, PrStatus.MERGED, Optional.empty()),
        Kind.INVALID,
        "a pull request is merged with the merge endpoint, not by a status change");
    // Whoever asks: the request is wrong before it is a question of permission.
    refused(
        () -> prs.changeStatus(PUBLIC, ONE, CAROL, PrStatus.MERGED, Optional.empty()),
        Kind.INVALID,
        "a pull request is merged with the merge endpoint, not by a status change");
  }

  @Test
  void onlyAWriterMerges() {
    PrNumber number = fixture.pullRequestWithHead(PUBLIC, "25.1");

    refused(
        () -> prs.merge(PUBLIC, number, BOB, Optional.empty()),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt (with a write token) may merge");
    refused(
        () -> prs.merge(PUBLIC, number, CAROL, Optional.empty()),
        Kind.FORBIDDEN,
        "only the writers of alice/gpt (with a write token) may merge");
    assertThat(prs.changes(PUBLIC, number, ANONYMOUS).diff()).contains("25.1");
    MergeResult merged = prs.merge(PUBLIC, number, ALICE, Optional.of("Thanks"));

    assertThat(merged.status()).isEqualTo(MergeResult.Status.MERGED);
    assertThat(merged.merged().orElseThrow().events())
        .extracting(e -> e.kind() + " " + e.actor())
        .endsWith("COMMENT alice", "MERGE alice", "STATUS_CHANGE alice");
    refused(
        () -> prs.changeStatus(PUBLIC, number, ALICE, PrStatus.OPEN, Optional.empty()),
        Kind.CONFLICT,
        "#1 is merged; its status cannot change");
  }

  @Test
  void aWriterCannotMergeADiscussionOrAnEmptyPullRequest() {
    prs.open(PUBLIC, BOB, QUESTION);
    prs.open(PUBLIC, BOB, new NewDiscussion("Add HLE", "", true));

    refused(
        () -> prs.merge(PUBLIC, ONE, ALICE, Optional.empty()),
        Kind.INVALID,
        "#1 is a discussion, not a pull request: it has nothing to merge");
    refused(
        () -> prs.merge(PUBLIC, new PrNumber(2), ALICE, Optional.empty()),
        Kind.CONFLICT,
        "nothing was pushed to pull request #2 yet");
  }

  @Test
  void thePageOffersEachCallerWhatItMayDo() {
    PrNumber number = fixture.pullRequestWithHead(PUBLIC, "25.1");
    PullRequest open = prs.get(PUBLIC, number, ANONYMOUS);

    assertThat(prs.actions(PUBLIC, open, ANONYMOUS))
        .isEqualTo(new PullRequestActions(false, false, false, false));
    assertThat(prs.actions(PUBLIC, open, Optional.of(ALICE_READ)))
        .isEqualTo(new PullRequestActions(false, false, false, false));
    assertThat(prs.actions(PUBLIC, open, Optional.of(CAROL)))
        .isEqualTo(new PullRequestActions(false, false, false, true));
    assertThat(prs.actions(PUBLIC, open, Optional.of(BOB)))
        .isEqualTo(new PullRequestActions(false, true, false, true));
    assertThat(prs.actions(PUBLIC, open, Optional.of(ALICE)))
        .isEqualTo(new PullRequestActions(true, true, false, true));
    PullRequest closed = prs.changeStatus(PUBLIC, number, BOB, PrStatus.CLOSED, Optional.empty());
    assertThat(prs.actions(PUBLIC, closed, Optional.of(BOB)))
        .isEqualTo(new PullRequestActions(false, false, false, true));
    assertThat(prs.actions(PUBLIC, closed, Optional.of(ALICE)))
        .isEqualTo(new PullRequestActions(false, false, true, true));
    PullRequest discussion = prs.open(PUBLIC, BOB, QUESTION);
    assertThat(prs.actions(PUBLIC, discussion, Optional.of(ALICE)))
        .isEqualTo(new PullRequestActions(false, true, false, true));
  }
}
