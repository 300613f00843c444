package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.testing.TestStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side commits write into a quarantine: a refused one leaves the object store as it was. */
@Tag("hostile")
class CommitQuarantineTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");
  private static final Caller BOB = new Caller("bob", Role.WRITE);
  private static final byte[] INVALID = "- value: \"20.9\"\n".getBytes(StandardCharsets.UTF_8);
  private static final long QUOTA = 1 << 20;

  @TempDir Path data;
  private Storage storage;
  private Path objects;

  @BeforeEach
  void open() {
    storage =
        TestStorage.open(data, StorageOptions.DEFAULT.withMaxRepoBytes(QUOTA))
            .users("alice", "bob")
            .repo(MODEL)
            .storage();
    objects = data.resolve("repos/models/alice/gpt.git/objects");
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void invalidCommitLeavesNoObject() throws Exception {
    long before = bytes();

    CommitResult result =
        storage
            .commits()
            .commit(
                MODEL,
                request(
                    FileChange.put(".eval_results/x.yaml", INVALID),
                    FileChange.put("data.bin", random(200_000))));

    assertThat(result.status()).isEqualTo(CommitResult.Status.INVALID_FILES);
    assertThat(bytes()).isEqualTo(before);
  }

  @Test
  void commitOverTheQuotaIsTooLargeAndLeavesNoObject() throws Exception {
    long before = bytes();

    assertThatThrownBy(
            () ->
                storage
                    .commits()
                    .commit(MODEL, request(FileChange.put("data.bin", random((int) QUOTA)))))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.TOO_LARGE))
        .hasMessageContaining("over its limit of " + QUOTA + " bytes (max-repo-bytes)");
    assertThat(bytes()).isEqualTo(before);
  }

  @Test
  void invalidPullRequestCommitLeavesNoObject() throws Exception {
    long before = bytes();

    CommitOutcome outcome =
        storage
            .pullRequestCommits()
            .open(
                MODEL,
                "bob",
                request(
                    FileChange.put(".eval_results/x.yaml", INVALID),
                    FileChange.put("data.bin", random(200_000))));

    assertThat(outcome.commit().status()).isEqualTo(CommitResult.Status.INVALID_FILES);
    assertThat(bytes()).isEqualTo(before);
  }

  @Test
  void acceptedCommitLandsAndReadsBack() throws Exception {
    long before = bytes();

    CommitResult result =
        storage.commits().commit(MODEL, request(FileChange.put("data.bin", random(200_000))));

    assertThat(result.isCommitted()).isTrue();
    assertThat(bytes()).isGreaterThan(before + 100_000);
    assertThat(
            storage
                .contents()
                .file(MODEL, result.commitId().orElseThrow(), "data.bin")
                .orElseThrow()
                .size())
        .isEqualTo(200_000);
    try (Stream<Path> children = Files.list(objects)) {
      assertThat(children.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("tmp_objdir-"));
    }
  }

  @Test
  void conflictingMergeAndItsConflictCheckLeaveNoObject() throws Exception {
    String base = storage.contents().require(MODEL, "main").commitId();
    storage
        .commits()
        .commit(
            MODEL,
            request(FileChange.put("notes.md", "main's\n".getBytes(StandardCharsets.UTF_8))));
    storage
        .pullRequestCommits()
        .open(
            MODEL,
            "bob",
            new CommitRequest(
                RefName.branch("main"),
                Optional.of(CommitId.parse(base)),
                List.of(FileChange.put("notes.md", "bob's\n".getBytes(StandardCharsets.UTF_8))),
                "notes",
                new AccountName("bob")));
    long before = bytes();

    PrChanges changes = storage.pullRequests().changes(MODEL, new PrNumber(1));
    MergeResult merge =
        storage.pullRequests().merge(MODEL, new PrNumber(1), "alice", Optional.empty());

    assertThat(changes.conflictingFiles()).containsExactly("notes.md");
    assertThat(merge.status()).isEqualTo(MergeResult.Status.CONFLICT);
    assertThat(bytes()).isEqualTo(before);
  }

  private static CommitRequest request(FileChange... changes) {
    return new CommitRequest(
        RefName.branch("main"),
        Optional.empty(),
        List.of(changes),
        "files",
        new AccountName("alice"));
  }

  private long bytes() throws IOException {
    try (Stream<Path> files = Files.walk(objects)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
