package dev.evalhub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository builder writes what git's command line then reads back, hostile entries included.
 */
class TestRepositoryTest {

  private static final String MAIN = Constants.R_HEADS + "main";

  @TempDir Path temp;
  private Repository repository;
  private TestRepository repo;
  private GitCli git;

  @BeforeEach
  void create() throws Exception {
    repository = FileRepositoryBuilder.create(temp.resolve("repo.git").toFile());
    repository.create(true);
    repo = new TestRepository(repository);
    git = new GitCli(temp.resolve("home"));
  }

  @AfterEach
  void close() {
    repository.close();
  }

  @Test
  void commitsOnABranchKeepTheParentsTreeAndMoveTheBranch() {
    TestRepository.RefMove first =
        repo.branch(MAIN).commit().add("a.txt", "a").message("first").create();
    TestRepository.RefMove second =
        repo.branch(MAIN).commit().add("b/c.txt", "c").rm("a.txt").author("mallory").create();

    assertThat(first.oldId()).isEqualTo(ObjectId.zeroId());
    assertThat(second.oldId()).isEqualTo(first.newId());
    assertThat(repo.tip(MAIN)).hasValue(second.newId());
    Path dir = temp.resolve("repo.git");
    assertThat(git.ok(dir, "ls-tree", "-r", "--name-only", "main").lines())
        .containsExactly("b/c.txt");
    assertThat(git.ok(dir, "log", "--format=%an <%ae> %P", "-1", "main").strip())
        .isEqualTo("mallory <mallory@example.invalid> " + first.newId().name());
  }

  @Test
  void treesMayHoldGitlinksSymbolicLinksFoldersAtFilePathsAndOddModes() {
    ObjectId folder = repo.rawTree().entry("100664", "x.yaml", repo.blob("x")).write();
    ObjectId odd = repo.commit().tree(repo.rawTree().entry("40000", "odd", folder).write()).write();
    repo.branch(MAIN)
        .commit()
        .emptyTree()
        .gitlink("sub", TestRepository.NOWHERE)
        .symlink("link", "../etc/passwd")
        .add("eval.yaml/inner.txt", "inside")
        .entry("run.sh", FileMode.EXECUTABLE_FILE, repo.blob("#!/bin/sh"))
        .create();

    Path dir = temp.resolve("repo.git");
    assertThat(git.ok(dir, "ls-tree", "-r", "main").lines())
        .extracting(line -> line.replaceAll(" [0-9a-f]{40}", ""))
        .containsExactly(
            "100644 blob\teval.yaml/inner.txt",
            "120000 blob\tlink",
            "100755 blob\trun.sh",
            "160000 commit\tsub");
    // git's ls-tree shows 100664 as 100644; the raw tree keeps what was written.
    assertThat(git.ok(dir, "cat-file", "tree", folder.name())).startsWith("100664 x.yaml\0");
    assertThat(git.ok(dir, "ls-tree", "-r", "--name-only", odd.name()).lines())
        .containsExactly("odd/x.yaml");
  }

  @Test
  void aRefMayBePointedAtAMissingObject() {
    TestRepository.RefMove created = repo.branch(MAIN).commit().add("a.txt", "a").create();

    TestRepository.RefMove broken = repo.branch(MAIN).pointAt(TestRepository.NOWHERE);

    assertThat(broken.oldId()).isEqualTo(created.newId());
    assertThat(git.run(temp.resolve("repo.git"), "rev-parse", "--verify", "main^{commit}").ok())
        .isFalse();
    assertThatThrownBy(
            () -> repo.branch(Constants.R_HEADS + "none").pointAt(TestRepository.NOWHERE))
        .isInstanceOf(IllegalStateException.class);
  }
}
