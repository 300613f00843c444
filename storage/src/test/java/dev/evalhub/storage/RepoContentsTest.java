package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoContentsTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");

  @TempDir Path data;
  private Storage storage;
  private String commit;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).users("alice").repo(MODEL).storage();
    commit =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(
                        FileChange.put("a/b/c.json", "{}".getBytes(StandardCharsets.UTF_8)),
                        FileChange.put("empty.txt", new byte[0])),
                    "files",
                    new AccountName("alice")))
            .commitId()
            .orElseThrow();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void headBranchAndCommitIdResolveToTheSameCommit() {
    RepoContents contents = storage.contents();

    assertThat(contents.resolve(MODEL, "HEAD").orElseThrow().commitId()).isEqualTo(commit);
    assertThat(contents.resolve(MODEL, "main").orElseThrow().commitId()).isEqualTo(commit);
    assertThat(contents.resolve(MODEL, commit).orElseThrow().commitId()).isEqualTo(commit);
    assertThat(contents.resolve(MODEL, "nope")).isEmpty();
    assertThat(contents.resolve(MODEL, "0".repeat(40))).isEmpty();
  }

  @Test
  void missingRevisionIsRevisionNotFound() {
    assertThatThrownBy(() -> storage.contents().require(MODEL, "refs/pr/9"))
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.REVISION_NOT_FOUND);
  }

  @Test
  void readsAFileButNotAFolderOrAMissingPath() {
    assertThat(storage.contents().file(MODEL, commit, "a/b/c.json").orElseThrow().content())
        .isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(storage.contents().file(MODEL, commit, "a/b")).isEmpty();
    assertThat(storage.contents().file(MODEL, commit, "a/b/")).isEmpty();
    assertThat(storage.contents().file(MODEL, commit, "missing")).isEmpty();
  }

  @Test
  void describesOneFileOrFolder() {
    assertThat(storage.contents().entry(MODEL, commit, "a/b/c.json"))
        .hasValueSatisfying(
            entry -> {
              assertThat(entry.type()).isEqualTo(TreeEntry.Type.FILE);
              assertThat(entry.size()).isEqualTo(2);
            });
    assertThat(storage.contents().entry(MODEL, commit, "a"))
        .hasValueSatisfying(entry -> assertThat(entry.type()).isEqualTo(TreeEntry.Type.DIRECTORY));
    assertThat(storage.contents().entry(MODEL, commit, "a/nope")).isEmpty();
  }

  @Test
  void listsDirectChildrenOrEverythingBelow() {
    assertThat(storage.contents().tree(MODEL, commit, "", false).orElseThrow())
        .extracting(TreeEntry::path)
        .containsExactly(".gitattributes", "a", "empty.txt");
    assertThat(storage.contents().tree(MODEL, commit, "a", true).orElseThrow())
        .extracting(TreeEntry::path, TreeEntry::type, TreeEntry::size)
        .containsExactly(
            tuple("a/b", TreeEntry.Type.DIRECTORY, 0L),
            tuple("a/b/c.json", TreeEntry.Type.FILE, 2L));
    assertThat(storage.contents().tree(MODEL, commit, "empty.txt", false)).isEmpty();
  }

  @Test
  void deletingARepositoryMovesItToTheTrashAndRecordsItsRefsAsDeleted() {
    storage.deleteRepository(MODEL, "alice");

    assertThat(storage.repositories().find(MODEL)).isEmpty();
    assertThat(storage.repositories().list(RepoType.MODEL)).isEmpty();
    assertThat(data.resolve("trash/models/alice")).isDirectoryContaining(p -> Files.isDirectory(p));
    assertThat(storage.events().readAfter(0))
        .anySatisfy(
            event -> {
              assertThat(event.ref()).isEqualTo(new RefName(RefNames.MAIN));
              assertThat(event.newId()).isEqualTo(CommitId.ZERO);
              assertThat(event.actor()).isEqualTo(new AccountName("alice"));
            });
  }
}
