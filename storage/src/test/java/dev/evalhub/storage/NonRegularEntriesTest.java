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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
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
  private static final ObjectId SUBMODULE =
      ObjectId.fromString("1111111111111111111111111111111111111111");
  private static final String VALID =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = Storage.open(data, StorageOptions.DEFAULT);
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    storage.createRepository(MODEL, false);
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
    String main = moveMainTo(legacyTree());

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
    try (Repository repository = storage.repositories().open(MODEL)) {
      ObjectId head =
          commit(
              repository,
              repository.resolve(RefNames.MAIN),
              List.of(
                  new Entry(
                      ".eval_results/ok.yaml", FileMode.REGULAR_FILE, blob(repository, VALID)),
                  new Entry("vendor/tool", FileMode.GITLINK, SUBMODULE)));
      setRef(repository, RefNames.pullRequest(1), head);
    }

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
      ObjectId main = repository.resolve(RefNames.MAIN);
      ObjectId bad =
          commit(
              repository,
              main,
              List.of(
                  new Entry(".eval_results/a.yaml", FileMode.GITLINK, SUBMODULE),
                  new Entry(".eval_results/b.yaml", FileMode.SYMLINK, blob(repository, "a.yaml")),
                  new Entry(
                      ".eval_results/c.yaml/d.txt", FileMode.REGULAR_FILE, blob(repository, "d")),
                  new Entry(
                      ".eval_results/ok.yaml", FileMode.EXECUTABLE_FILE, blob(repository, VALID)),
                  new Entry("README.md", FileMode.GITLINK, SUBMODULE),
                  new Entry("eval.yaml", FileMode.SYMLINK, blob(repository, "README.md")),
                  new Entry("vendor/tool", FileMode.GITLINK, SUBMODULE),
                  new Entry("docs/link.md", FileMode.SYMLINK, blob(repository, "../README.md"))));

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
        org.eclipse.jgit.lib.ObjectReader reader = repository.newObjectReader();
        ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId main = repository.resolve(RefNames.MAIN);
      // Written byte by byte: JGit's own builders normalise 100664 to 100644, a hostile client need
      // not.
      ObjectId folder =
          inserter.insert(
              Constants.OBJ_TREE, rawEntry("100664", "x.yaml", blob(repository, VALID)));
      ObjectId root =
          inserter.insert(Constants.OBJ_TREE, rawEntry("40000", ".eval_results", folder));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(root);
      commit.setParentId(main);
      commit.setAuthor(new PersonIdent("odd", "odd@example.invalid"));
      commit.setCommitter(commit.getAuthor());
      ObjectId odd = inserter.insert(commit);
      inserter.flush();

      List<FileProblem> problems =
          new dev.evalhub.storage.internal.ChangedFilesValidator(
                  storage.options().formats(), reader)
              .validate(main, odd);

      assertThat(problems)
          .extracting(FileProblem::describe)
          .containsExactly(".eval_results/x.yaml: must be a regular file (found mode 100664)");
    }
  }

  private static byte[] rawEntry(String mode, String name, ObjectId id) {
    byte[] head = (mode + " " + name + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] entry = new byte[head.length + Constants.OBJECT_ID_LENGTH];
    System.arraycopy(head, 0, entry, 0, head.length);
    id.copyRawTo(entry, head.length);
    return entry;
  }

  /**
   * Main's tree plus a submodule and a symbolic link where results and the card are read, and a
   * folder eval.yaml.
   */
  private List<Entry> legacyTree() throws IOException {
    try (Repository repository = storage.repositories().open(MODEL)) {
      return List.of(
          new Entry(".eval_results/ok.yaml", FileMode.REGULAR_FILE, blob(repository, VALID)),
          new Entry(".eval_results/x.yaml", FileMode.GITLINK, SUBMODULE),
          new Entry(".eval_results/y.yaml", FileMode.SYMLINK, blob(repository, "ok.yaml")),
          new Entry("README.md", FileMode.SYMLINK, blob(repository, "/etc/passwd")),
          new Entry("eval.yaml/inner.txt", FileMode.REGULAR_FILE, blob(repository, "inside")));
    }
  }

  private String moveMainTo(List<Entry> entries) throws IOException {
    try (Repository repository = storage.repositories().open(MODEL)) {
      ObjectId commit = commit(repository, repository.resolve(RefNames.MAIN), entries);
      setRef(repository, RefNames.MAIN, commit);
      return commit.name();
    }
  }

  record Entry(String path, FileMode mode, ObjectId id) {}

  private static ObjectId blob(Repository repository, String content) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId id = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      inserter.flush();
      return id;
    }
  }

  /** A commit on {@code parent} whose tree is exactly {@code entries}, modes as given. */
  static ObjectId commit(Repository repository, ObjectId parent, List<Entry> entries)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    entries.stream()
        .sorted(java.util.Comparator.comparing(Entry::path))
        .forEach(
            e -> {
              DirCacheEntry entry = new DirCacheEntry(e.path());
              entry.setFileMode(e.mode());
              entry.setObjectId(e.id());
              builder.add(entry);
            });
    builder.finish();
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(parent);
      PersonIdent ident = new PersonIdent("legacy", "legacy@example.invalid");
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("legacy");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  private static void setRef(Repository repository, String ref, ObjectId id) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    assertThat(update.update())
        .isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED, RefUpdate.Result.FAST_FORWARD);
    try (RevWalk walk = new RevWalk(repository)) {
      walk.parseCommit(id);
    }
  }
}
