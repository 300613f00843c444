package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submodule link (160000), a symbolic link (120000) or a folder where the hub reads a file
 * ({@code eval.yaml}, {@code README.md}, {@code .eval_results/*.yaml}) is refused on every push
 * channel, with the path named and no ref moved; the same entries elsewhere in the tree are
 * accepted.
 */
@Tag("hostile")
class NonRegularEntriesIT {

  private static final String SUBMODULE = "1111111111111111111111111111111111111111";
  private static final List<String> PATHS =
      List.of(".eval_results/x.yaml", "eval.yaml", "README.md");
  private static final String VALID =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  /** How a bad entry is written into the clone's index. */
  private enum Kind {
    SUBMODULE_LINK,
    SYMBOLIC_LINK,
    FOLDER
  }

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private String alice;
  private String bob;

  @BeforeEach
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob").repo("alice/gpt", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void writerPushingANonRegularReadPathToMainIsRefusedAndMainStays() throws Exception {
    Path clone = cloneAs(alice);
    String main = head(clone);

    for (Kind kind : Kind.values()) {
      GitCli.Result push = pushBad(clone, main, kind, "main");

      assertRefused(push, kind, "main");
      assertThat(remote("refs/heads/main")).isEqualTo(main);
    }
  }

  @Test
  void strangerOpeningAPullRequestWithANonRegularReadPathIsRefusedAndNoneOpens() throws Exception {
    Path clone = cloneAs(bob);
    String main = head(clone);

    for (Kind kind : Kind.values()) {
      GitCli.Result push = pushBad(clone, main, kind, "refs/for/main");

      assertRefused(push, kind, "refs/for/main");
    }
    assertThat(git.ok(temp, "ls-remote", hub.gitUrl("alice/gpt", bob))).doesNotContain("refs/pr/");
    assertThat(
            hub.server()
                .hub()
                .storage()
                .pullRequests()
                .list(RepoId.parsePath("alice/gpt").orElseThrow()))
        .isEmpty();
  }

  @Test
  void pushToAnOpenPullRequestWithANonRegularReadPathIsRefusedAndItsHeadStays() throws Exception {
    Path clone = cloneAs(bob);
    write(clone, ".eval_results/ok.yaml", VALID);
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "Add a result");
    git.ok(clone, "push", "-q", "origin", "HEAD:refs/for/main");
    String pr = head(clone);

    for (Kind kind : Kind.values()) {
      GitCli.Result push = pushBad(clone, pr, kind, "refs/pr/1");

      assertRefused(push, kind, "refs/pr/1");
      assertThat(remote("refs/pr/1")).isEqualTo(pr);
    }
  }

  @Test
  void submoduleAndSymbolicLinkElsewhereAreAccepted() throws Exception {
    Path clone = cloneAs(alice);
    git.ok(clone, "update-index", "--add", "--cacheinfo", "160000," + SUBMODULE + ",vendor/tool");
    git.ok(
        clone,
        "update-index",
        "--add",
        "--cacheinfo",
        "120000," + blob(clone, "../README.md") + ",docs/card.md");
    git.ok(clone, "commit", "-q", "-m", "Vendor a tool");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(remote("refs/heads/main")).isEqualTo(head(clone));
  }

  /**
   * Commits {@code kind} at every read path on top of {@code base} and pushes it to {@code target}.
   */
  private GitCli.Result pushBad(Path clone, String base, Kind kind, String target)
      throws Exception {
    git.ok(clone, "reset", "-q", "--hard", base);
    for (String path : PATHS) {
      put(clone, path, kind);
    }
    git.ok(clone, "commit", "-q", "-m", kind + " at every read path");
    return git.run(clone, "push", "origin", "HEAD:" + target);
  }

  private void put(Path clone, String path, Kind kind) throws Exception {
    switch (kind) {
      case SUBMODULE_LINK ->
          git.ok(clone, "update-index", "--add", "--cacheinfo", "160000," + SUBMODULE + "," + path);
      case SYMBOLIC_LINK ->
          git.ok(
              clone,
              "update-index",
              "--add",
              "--cacheinfo",
              "120000," + blob(clone, "notes.txt") + "," + path);
      case FOLDER -> {
        write(clone, path + "/inner.txt", "inside");
        git.ok(clone, "add", path + "/inner.txt");
      }
    }
  }

  private static void assertRefused(GitCli.Result push, Kind kind, String target) {
    String found =
        switch (kind) {
          case SUBMODULE_LINK -> "a submodule link, mode 160000";
          case SYMBOLIC_LINK -> "a symbolic link, mode 120000";
          case FOLDER -> "a folder";
        };
    assertThat(push.ok()).as(kind + ":\n" + push.output()).isFalse();
    for (String path : PATHS) {
      assertThat(push.lines())
          .as(push.output())
          .contains("remote: error: " + path + ": must be a regular file (found " + found + ")");
    }
    assertThat(push.output())
        .contains("[remote rejected] HEAD -> " + target + " (invalid files: see the errors above)");
  }

  private Path cloneAs(String token) {
    return git.clone(hub.gitUrl("alice/gpt", token), temp);
  }

  private String head(Path clone) {
    return git.ok(clone, "rev-parse", "HEAD").strip();
  }

  private String remote(String ref) {
    return git.ok(temp, "ls-remote", hub.gitUrl("alice/gpt", alice), ref).split("\t")[0];
  }

  private String blob(Path clone, String content) throws Exception {
    Path file = temp.resolve("blob-" + System.nanoTime());
    Files.writeString(file, content);
    return git.ok(clone, "hash-object", "-w", file.toString()).strip();
  }

  private static void write(Path clone, String path, String content) throws Exception {
    Path file = clone.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
