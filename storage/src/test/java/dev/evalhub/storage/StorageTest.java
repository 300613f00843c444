package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

class StorageTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");
  private static final String VALID =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: 20.9
      """;
  private static final String QUOTED_VALUE =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: "20.9"
      """;

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).users("alice", "bob").storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void newRepositoryHasMainWithTheHubGitattributes() throws Exception {
    storage.createRepository(MODEL, false);

    try (Repository repository = storage.repositories().open(MODEL);
        RevWalk walk = new RevWalk(repository)) {
      assertThat(repository.exactRef(Constants.HEAD).getTarget().getName())
          .isEqualTo(RefNames.MAIN);
      RevCommit main = walk.parseCommit(repository.resolve(RefNames.MAIN));
      TreeWalk tree = TreeWalk.forPath(repository, ".gitattributes", main.getTree());
      assertThat(
              new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8))
          .contains("*.safetensors filter=lfs diff=lfs merge=lfs -text");
    }
  }

  @Test
  void repositoryNamesAreUniqueRegardlessOfCase() {
    storage.createRepository(MODEL, false);

    assertThatThrownBy(
            () -> storage.createRepository(new RepoId(RepoType.MODEL, "ALICE", "GPT"), false))
        .isInstanceOf(HubException.class)
        .hasMessage("repository alice/gpt already exists");
    assertThat(storage.repositories().find(new RepoId(RepoType.MODEL, "Alice", "Gpt")))
        .contains(new RepoInfo(MODEL, false));
  }

  @Test
  void datasetAndModelOfTheSameNameAreDifferentRepositories() {
    storage.createRepository(MODEL, false);
    storage.createRepository(new RepoId(RepoType.DATASET, "alice", "gpt"), true);

    assertThat(
            storage
                .repositories()
                .find(new RepoId(RepoType.DATASET, "alice", "gpt"))
                .orElseThrow()
                .isPrivate())
        .isTrue();
  }

  @Test
  void repositoryNeedsAnExistingNamespace() {
    assertThatThrownBy(
            () -> storage.createRepository(new RepoId(RepoType.MODEL, "nobody", "x"), false))
        .hasMessage("no user or organisation \"nobody\"");
  }

  @Test
  void serverSideCommitAddsAFileAndRecordsAnEvent() {
    storage.createRepository(MODEL, false);

    CommitResult result =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(
                        FileChange.put(
                            ".eval_results/hle.yaml", VALID.getBytes(StandardCharsets.UTF_8))),
                    "Add HLE",
                    new AccountName("alice")));

    assertThat(result.status()).isEqualTo(CommitResult.Status.COMMITTED);
    List<RefEvent> events = storage.events().readAfter(0);
    assertThat(events).extracting(RefEvent::sequence).containsExactly(1L, 2L);
    assertThat(events.get(1).newId()).isEqualTo(CommitId.parse(result.commitId().orElseThrow()));
    assertThat(events.get(1).actor()).isEqualTo(new AccountName("alice"));
  }

  @Test
  void serverSideCommitOnAStaleParentChangesNothing() {
    storage.createRepository(MODEL, false);
    CommitId stale = storage.events().readAfter(0).get(0).newId();
    storage
        .commits()
        .commit(
            MODEL,
            new CommitRequest(
                RefName.branch("main"),
                Optional.of(stale),
                List.of(FileChange.put("a.txt", new byte[] {1})),
                "first",
                new AccountName("alice")));

    CommitResult second =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.of(stale),
                    List.of(FileChange.put("b.txt", new byte[] {2})),
                    "second",
                    new AccountName("alice")));

    assertThat(second.status()).isEqualTo(CommitResult.Status.PARENT_MISMATCH);
    assertThat(storage.events().readAfter(0)).hasSize(2);
  }

  @Test
  void serverSideCommitWithAnInvalidResultIsRefusedWithItsDiagnostics() {
    storage.createRepository(MODEL, false);

    CommitResult result =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(
                        FileChange.put(
                            ".eval_results/bad.yaml",
                            QUOTED_VALUE.getBytes(StandardCharsets.UTF_8))),
                    "Add bad",
                    new AccountName("alice")));

    assertThat(result.status()).isEqualTo(CommitResult.Status.INVALID_FILES);
    assertThat(result.problems())
        .extracting(FileProblem::describe)
        .containsExactly(
            ".eval_results/bad.yaml:4:10: value must be a number, found string \"20.9\" (at [0].value)");
  }

  @Test
  void serverSideCommitCanDeleteAFile() {
    storage.createRepository(MODEL, false);

    CommitResult result =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(FileChange.delete(".gitattributes")),
                    "Remove attributes",
                    new AccountName("alice")));

    assertThat(result.isCommitted()).isTrue();
  }
}
