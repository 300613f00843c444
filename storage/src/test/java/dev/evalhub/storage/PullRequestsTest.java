package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discussion records round-trip through git: one commit per change, by the acting account. Who may
 * do what is the service layer's (PullRequestServiceTest).
 */
class PullRequestsTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");
  private static final String ALICE = "alice";
  private static final String BOB = "bob";

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).users("alice", "bob").repo(MODEL).storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private PullRequests prs() {
    return storage.pullRequests();
  }

  @Test
  void discussionsAreNumberedOneTwoThree() {
    for (int i = 0; i < 3; i++) {
      prs().open(MODEL, BOB, new NewDiscussion("Question " + i, "", false));
    }

    assertThat(prs().list(MODEL)).extracting(pr -> pr.number().value()).containsExactly(1, 2, 3);
  }

  @Test
  void recordReadBackHasEveryEventWithItsAccount() {
    prs().open(MODEL, BOB, new NewDiscussion("Which prompt?", "How was it run?", false));
    prs().comment(MODEL, new PrNumber(1), ALICE, "Zero-shot.");
    prs().changeStatus(MODEL, new PrNumber(1), BOB, PrStatus.CLOSED, Optional.of("Thanks"));

    PullRequest pr = prs().get(MODEL, new PrNumber(1));

    assertThat(pr)
        .extracting(
            PullRequest::title,
            PullRequest::description,
            PullRequest::author,
            PullRequest::status,
            PullRequest::isPullRequest)
        .containsExactly("Which prompt?", "How was it run?", "bob", PrStatus.CLOSED, false);
    assertThat(pr.events())
        .extracting(e -> e.kind() + " " + e.actor() + " " + e.text())
        .containsExactly("COMMENT alice Zero-shot.", "COMMENT bob Thanks", "STATUS_CHANGE bob ");
    assertThat(pr.updated()).isEqualTo(pr.events().get(2).time());
  }

  @Test
  void eachChangeIsOneRecordCommitByTheActingAccount() throws Exception {
    prs().open(MODEL, BOB, new NewDiscussion("Which prompt?", "", false));
    prs().comment(MODEL, new PrNumber(1), ALICE, "Zero-shot.");

    try (Repository repository = storage.repositories().open(MODEL);
        RevWalk walk = new RevWalk(repository)) {
      RevCommit last =
          walk.parseCommit(repository.exactRef(RefNames.pullRequestRecord(1)).getObjectId());
      String json;
      try (TreeWalk tree = TreeWalk.forPath(repository, "pull-request.json", last.getTree())) {
        json =
            new String(
                repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes(),
                StandardCharsets.UTF_8);
      }

      assertThat(last.getAuthorIdent().getName()).isEqualTo("alice");
      assertThat(walk.parseCommit(last.getParent(0)).getAuthorIdent().getName()).isEqualTo("bob");
      assertThat(walk.parseCommit(last.getParent(0)).getParentCount()).isZero();
      assertThat(json).contains("\"type\" : \"comment\"", "\"text\" : \"Zero-shot.\"");
    }
  }

  @Test
  void aStatusChangeNeverMerges() {
    prs().open(MODEL, BOB, new NewDiscussion("Add HLE", "", true));

    assertThatThrownBy(
            () ->
                prs()
                    .changeStatus(MODEL, new PrNumber(1), ALICE, PrStatus.MERGED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(prs().get(MODEL, new PrNumber(1)).status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void missingDiscussionIsNotFound() {
    assertThatThrownBy(() -> prs().get(MODEL, new PrNumber(9)))
        .hasMessage("discussion #9 not found in alice/gpt");
  }

  @Test
  void everyRecordChangeIsARefEventOfTheRecordRef() {
    prs().open(MODEL, BOB, new NewDiscussion("Which prompt?", "", false));
    prs().comment(MODEL, new PrNumber(1), ALICE, "Zero-shot.");

    assertThat(storage.events().readAfter(0))
        .filteredOn(e -> e.ref().name().equals(RefNames.pullRequestRecord(1)))
        .extracting(RefEvent::actor)
        .containsExactly(new AccountName("bob"), new AccountName("alice"));
  }
}
