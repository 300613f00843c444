package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submodule links, symbolic links and folders where the hub reads a file: the commit API refuses to
 * make them, and every reader of the storage treats them as absent when an older history holds them
 * (written here straight with JGit, as a repository from before the rule would have them).
 */
@Tag("hostile")
class NonRegularEntriesTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");
  private static final Caller ALICE = new Caller("alice", Role.WRITE);
  private static final Caller BOB = new Caller("bob", Role.WRITE);
  private static final ObjectId SUBMODULE = TestRepository.NOWHERE;
  private static final String VALID =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

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

  @Test
  void commitApiRefusesAFolderWhereEachReadFileIsExpected() {
    for (String path : List.of("eval.yaml/x", "README.md/x", ".eval_results/hle.yaml/x")) {
      CommitResult result =
          storage
              .commits()
              .commit(
                  MODEL,
                  new CommitRequest(
                      RefName.branch("main"),
                      Optional.empty(),
                      List.of(FileChange.put(path, "x".getBytes(StandardCharsets.UTF_8))),
                      "folder",
                      new AccountName("alice")));

      String folder = path.substring(0, path.length() - 2);
      assertThat(result.status()).isEqualTo(CommitResult.Status.INVALID_FILES);
      assertThat(FileProblem.describeErrors(result.problems()))
          .isEqualTo(folder + ": must be a regular file (found a folder)");
    }
  }

  @Test
  void pullRequestCommitRefusesAFolderWhereAResultFileIsExpected() {
    CommitOutcome outcome =
        storage
            .pullRequestCommits()
            .open(
                MODEL,
                "bob",
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(FileChange.put(".eval_results/hle.yaml/log.txt", new byte[] {1})),
                    "log",
                    new AccountName("bob")));

    assertThat(outcome.commit().status()).isEqualTo(CommitResult.Status.INVALID_FILES);
    assertThat(outcome.pullRequest()).isEmpty();
  }

  @Test
  void repositoryCreatedWithAFileBelowEvalYamlIsRefusedAndNotCreated() {
    RepoId dataset = new RepoId(RepoType.DATASET, "alice", "bench");

    assertThatThrownBy(
            () ->
                storage.createRepository(
                    dataset,
                    false,
                    Storage.ADMIN_ACTOR,
                    List.of(FileChange.put("eval.yaml/x", new byte[] {1}))))
        .isInstanceOf(HubException.class)
        .hasMessage("eval.yaml: must be a regular file (found a folder)");
    assertThat(storage.repositories().find(dataset)).isEmpty();
  }

  @Test
  void readersTreatSubmoduleAndSymbolicLinksAsAbsent() throws Exception {
    String main =
        legacyCommitOn(
                RefNames.MAIN,
                commit ->
                    commit
                        .add(".eval_results/ok.yaml", VALID)
                        .gitlink(".eval_results/x.yaml", SUBMODULE)
                        .symlink(".eval_results/y.yaml", "ok.yaml")
                        .symlink("README.md", "/etc/passwd")
                        .add("eval.yaml/inner.txt", "inside"))
            .name();

    assertThat(storage.contents().file(MODEL, main, ".eval_results/x.yaml")).isEmpty();
    assertThat(storage.contents().file(MODEL, main, "README.md")).isEmpty();
    assertThat(storage.contents().entry(MODEL, main, ".eval_results/x.yaml")).isEmpty();
    assertThat(storage.contents().tree(MODEL, main, ".eval_results", false).orElseThrow())
        .extracting(TreeEntry::path)
        .containsExactly(".eval_results/ok.yaml");
    assertThat(storage.contents().file(MODEL, main, "eval.yaml/inner.txt")).isPresent();
    assertThat(storage.resultHistory().of(MODEL, Optional.empty()))
        .extracting(entry -> entry.key().file())
        .containsExactly(".eval_results/ok.yaml");
  }

  @Test
  void pullRequestWithASubmoduleElsewhereShowsItsDiffAndMerges() throws Exception {
    storage
        .pullRequests()
        .open(MODEL, BOB.user(), new NewDiscussion("With a vendored tool", "", true));
    legacyCommitOn(
        RefNames.pullRequest(1),
        commit -> commit.add(".eval_results/ok.yaml", VALID).gitlink("vendor/tool", SUBMODULE));

    PrChanges changes = storage.pullRequests().changes(MODEL, new PrNumber(1));
    MergeResult merged =
        storage.pullRequests().merge(MODEL, new PrNumber(1), ALICE.user(), Optional.empty());

    assertThat(changes.diff())
        .contains("+Subproject commit " + SUBMODULE.name())
        .contains("+  value: 20.9");
    assertThat(merged.status()).isEqualTo(MergeResult.Status.MERGED);
  }

  @Test
  void validatorRefusesEveryEntryThatIsNotARegularFileAtEachReadPath() throws Exception {
    try (Repository repository = storage.repositories().open(MODEL);
        org.eclipse.jgit.lib.ObjectReader reader = repository.newObjectReader()) {
      TestRepository git = new TestRepository(repository);
      ObjectId main = repository.resolve(RefNames.MAIN);
      ObjectId bad =
          legacyCommit(git, main)
              .gitlink(".eval_results/a.yaml", SUBMODULE)
              .symlink(".eval_results/b.yaml", "a.yaml")
              .add(".eval_results/c.yaml/d.txt", "d")
              .entry(".eval_results/ok.yaml", FileMode.EXECUTABLE_FILE, git.blob(VALID))
              .gitlink("README.md", SUBMODULE)
              .symlink("eval.yaml", "README.md")
              .gitlink("vendor/tool", SUBMODULE)
              .symlink("docs/link.md", "../README.md")
              .write();

      List<FileProblem> problems =
          new dev.evalhub.storage.internal.ChangedFilesValidator(
                  storage.options().formats(), reader)
              .validate(main, bad);

      assertThat(problems)
          .extracting(FileProblem::describe)
          .containsExactlyInAnyOrder(
              ".eval_results/a.yaml: must be a regular file (found a submodule link, mode 160000)",
              ".eval_results/b.yaml: must be a regular file (found a symbolic link, mode 120000)",
              ".eval_results/c.yaml: must be a regular file (found a folder)",
              "README.md: must be a regular file (found a submodule link, mode 160000)",
              "eval.yaml: must be a regular file (found a symbolic link, mode 120000)");
    }
  }

  @Test
  void validatorRefusesAnOddFileModeAtAReadPath() throws Exception {
    try (Repository repository = storage.repositories().open(MODEL);
        org.eclipse.jgit.lib.ObjectReader reader = repository.newObjectReader()) {
      TestRepository git = new TestRepository(repository);
      ObjectId main = repository.resolve(RefNames.MAIN);
      // Written byte by byte: JGit's own builders normalise 100664 to 100644, a hostile client need
      // not.
      ObjectId folder = git.rawTree().entry("100664", "x.yaml", git.blob(VALID)).write();
      ObjectId root = git.rawTree().entry("40000", ".eval_results", folder).write();
      ObjectId odd = git.commit().parent(main).tree(root).author("odd").message("").write();

      List<FileProblem> problems =
          new dev.evalhub.storage.internal.ChangedFilesValidator(
                  storage.options().formats(), reader)
              .validate(main, odd);

      assertThat(problems)
          .extracting(FileProblem::describe)
          .containsExactly(".eval_results/x.yaml: must be a regular file (found mode 100664)");
    }
  }

  /**
   * A commit on {@code parent} by "legacy" whose tree is exactly the entries added to it, modes as
   * given.
   */
  private static TestRepository.Commit legacyCommit(TestRepository git, ObjectId parent) {
    return git.commit().parent(parent).emptyTree().author("legacy").message("legacy");
  }

  /**
   * Moves {@code ref} (written straight, as a repository from before the rule would have it) to a
   * legacy commit on main whose tree is exactly what {@code tree} adds; returns the commit.
   */
  private ObjectId legacyCommitOn(String ref, UnaryOperator<TestRepository.Commit> tree) {
    try (Repository repository = storage.repositories().open(MODEL)) {
      TestRepository git = new TestRepository(repository);
      ObjectId commit = tree.apply(legacyCommit(git, git.tip(RefNames.MAIN).orElseThrow())).write();
      return git.branch(ref).update(commit).newId();
    }
  }
}
