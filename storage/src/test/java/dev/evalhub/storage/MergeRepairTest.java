package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge a crash interrupted (main holds the hub's squash commit naming the pull request, the
 * record still says open) is completed by the repair that runs at start, never by a read: reads
 * never write.
 */
class MergeRepairTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).users("alice", "bob").repo(MODEL).storage();
    CommitResult opened =
        storage
            .pullRequestCommits()
            .open(
                MODEL,
                "bob",
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(FileChange.put("a.txt", "a".getBytes(StandardCharsets.UTF_8))),
                    "Add a",
                    new AccountName("bob")))
            .commit();
    assertThat(opened.isCommitted()).isTrue();
    // Step 1 of a merge by alice, as a crash leaves it: main moved to her commit with the trailer,
    // noted by her.
    storage
        .commits()
        .commit(
            MODEL,
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(FileChange.put("a.txt", "a".getBytes(StandardCharsets.UTF_8))),
                "Merge pull request #1: Add a\n\nPull-Request: 1\n",
                new AccountName("alice")));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void readingAnInterruptedMergeShowsTheRecordAsGitHoldsItAndWritesNothing() {
    long events = storage.events().readAfter(0).size();

    PullRequest read = storage.pullRequests().get(MODEL, new PrNumber(1));
    List<PullRequest> listed = storage.pullRequests().list(MODEL);

    assertThat(read.status()).isEqualTo(PrStatus.OPEN);
    assertThat(listed).extracting(PullRequest::status).containsExactly(PrStatus.OPEN);
    assertThat(storage.events().readAfter(0)).hasSize((int) events);
    assertThat(storage.pullRequests().interruptedMerges()).containsExactly("alice/gpt #1");
  }

  @Test
  void theRepairAtStartCompletesTheMergeOnceAndAppendsItsEvent() {
    long events = storage.events().readAfter(0).size();

    List<String> first = storage.pullRequests().repairInterruptedMerges();
    List<String> second = storage.pullRequests().repairInterruptedMerges();

    assertThat(first).containsExactly("completed the interrupted merge of alice/gpt #1");
    assertThat(second).isEmpty();
    PullRequest pr = storage.pullRequests().get(MODEL, new PrNumber(1));
    assertThat(pr.status()).isEqualTo(PrStatus.MERGED);
    assertThat(pr.events())
        .extracting(e -> e.kind() + " by " + e.actor())
        .endsWith("MERGE by alice", "STATUS_CHANGE by alice");
    assertThat(storage.events().readAfter(events))
        .singleElement()
        .satisfies(e -> assertThat(e.ref()).isEqualTo(new RefName(RefNames.pullRequestRecord(1))));
    assertThat(storage.pullRequests().interruptedMerges()).isEmpty();
  }
}
