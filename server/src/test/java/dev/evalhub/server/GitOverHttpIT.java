package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOverHttpIT {

  private static final String VALID_RESULT =
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

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private String aliceWrite;
  private String bobWrite;

  @BeforeEach
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob").repo("alice/gpt", false);
    aliceWrite = hub.token("alice", Role.WRITE);
    bobWrite = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private Path cloneAs(String repoPath, String token) {
    return git.clone(hub.gitUrl(repoPath, token), temp);
  }

  private Path commitFile(Path clone, String path, String content) {
    return git.commitFile(clone, path, content, "Change " + path);
  }

  private String head(Path clone, String ref) {
    return git.ok(clone, "rev-parse", ref).strip();
  }

  private String remoteMain(String token) {
    return git.ok(temp, "ls-remote", hub.gitUrl("alice/gpt", token), "refs/heads/main")
        .split("\t")[0];
  }

  @Test
  void anonymousClonesANewPublicRepositoryWithTheHubGitattributes() {
    Path clone = cloneAs("alice/gpt", null);

    assertThat(clone.resolve(".gitattributes")).content().contains("*.safetensors filter=lfs");
    assertThat(git.ok(clone, "branch", "--show-current").strip()).isEqualTo("main");
  }

  @Test
  void writerPushesAValidResultAndAFreshCloneHasIt() throws Exception {
    Path clone =
        commitFile(cloneAs("alice/gpt.git", aliceWrite), ".eval_results/hle.yaml", VALID_RESULT);

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(cloneAs("alice/gpt", null).resolve(".eval_results/hle.yaml"))
        .hasContent(VALID_RESULT.strip());
    assertThat(hub.server().hub().storage().events().readAfter(0))
        .last()
        .extracting(RefEvent::newId, RefEvent::actor)
        .containsExactly(CommitId.parse(head(clone, "HEAD")), new AccountName("alice"));
  }

  @Test
  void pushOfAnInvalidResultPrintsEachErrorAndMovesNoRef() throws Exception {
    Path clone = cloneAs("alice/gpt", aliceWrite);
    String before = head(clone, "HEAD");
    commitFile(clone, ".eval_results/bad.yaml", QUOTED_VALUE);
    commitFile(clone, "notes.txt", "other files are not validated");
    git.ok(clone, "branch", "side");

    GitCli.Result push = git.run(clone, "push", "origin", "main", "side");

    assertThat(push.ok()).isFalse();
    assertThat(push.lines())
        .filteredOn(line -> line.startsWith("remote: error:"))
        .containsExactly(
            "remote: error: .eval_results/bad.yaml:4:10: value must be a number, found string \"20.9\" (at [0].value)");
    assertThat(push.output())
        .contains("[remote rejected] main -> main (invalid files: see the errors above)");
    assertThat(remoteMain(aliceWrite)).isEqualTo(before);
    assertThat(git.ok(temp, "ls-remote", hub.gitUrl("alice/gpt", aliceWrite)))
        .doesNotContain("refs/heads/side");
  }

  @Test
  void pushWithOnlyWarningsIsAcceptedAndShowsThem() throws Exception {
    Path clone =
        commitFile(
            cloneAs("alice/gpt", aliceWrite),
            ".eval_results/hle.yaml",
            VALID_RESULT + "  verifed: true\n");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(push.lines())
        .contains(
            "remote: warning: .eval_results/hle.yaml:5:3: unknown key \"verifed\" (at [0].verifed)");
    assertThat(remoteMain(aliceWrite)).isEqualTo(head(clone, "HEAD"));
  }

  @Test
  void strangerCannotPushToMain() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", bobWrite), "x.txt", "x");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("[remote rejected] main -> main (only the writers of alice/gpt may push to it)");
  }

  @Test
  void readTokenCannotPush() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", hub.token("alice", Role.READ)), "x.txt", "x");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains("403");
  }

  @Test
  void anonymousPushIsAskedForCredentials() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", null), "x.txt", "x");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains("could not read Username");
  }

  @Test
  void privateRepositoryIsNotFoundForStrangersAndClonesForMembers() {
    hub.org("acme", "alice").repo("acme/secret", true);

    GitCli.Result stranger =
        git.run(temp, "clone", hub.gitUrl("acme/secret", bobWrite), "stranger");
    GitCli.Result anonymous = git.run(temp, "clone", hub.gitUrl("acme/secret", null), "anonymous");
    GitCli.Result missing = git.run(temp, "clone", hub.gitUrl("acme/missing", null), "missing");

    assertThat(stranger.output()).contains("not found");
    assertThat(anonymous.output())
        .isEqualTo(
            missing
                .output()
                .replace("acme/missing", "acme/secret")
                .replace("'missing'", "'anonymous'"));
    assertThat(cloneAs("acme/secret", aliceWrite).resolve(".gitattributes")).exists();
  }

  @Test
  void nonFastForwardPushToMainIsRefusedEvenForcedByTheOwner() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", aliceWrite), "a.txt", "a");
    git.ok(clone, "push", "-q", "origin", "main");
    String pushed = head(clone, "HEAD");
    git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
    commitFile(clone, "b.txt", "b");

    GitCli.Result push = git.run(clone, "push", "--force", "origin", "main");

    assertThat(push.output())
        .contains("main only moves forward: non-fast-forward pushes are refused");
    assertThat(remoteMain(aliceWrite)).isEqualTo(pushed);
  }

  @Test
  void deletingMainIsRefused() {
    Path clone = cloneAs("alice/gpt", aliceWrite);

    GitCli.Result push = git.run(clone, "push", "origin", ":main");

    assertThat(push.output()).contains("main cannot be deleted: its history is the audit trail");
    assertThat(remoteMain(aliceWrite)).isEqualTo(head(clone, "HEAD"));
  }

  @Test
  void pushToAMissingPullRequestOrAnotherMagicBranchIsRefused() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", aliceWrite), "a.txt", "a");

    GitCli.Result forOther = git.run(clone, "push", "origin", "HEAD:refs/for/other");
    GitCli.Result pr = git.run(clone, "push", "origin", "HEAD:refs/pr/7");

    assertThat(forOther.output()).contains("(pull requests target main: push to refs/for/main)");
    assertThat(pr.output())
        .contains("(pull request #7 does not exist: open one by pushing to refs/for/main)");
  }

  @Test
  void onlyBranchesAndTagsCanBePushed() throws Exception {
    Path clone = commitFile(cloneAs("alice/gpt", aliceWrite), "a.txt", "a");

    GitCli.Result meta = git.run(clone, "push", "origin", "HEAD:refs/meta/config");
    GitCli.Result tag = git.run(clone, "push", "origin", "HEAD:refs/tags/v1");

    assertThat(meta.output())
        .contains("(only branches and tags can be pushed; refs/meta/config belongs to the hub)");
    assertThat(tag.ok()).as(tag.output()).isTrue();
  }

  @Test
  void bearerTokenWorksAsWellAsBasic() throws Exception {
    hub.repo("alice/hidden", true);
    Path clone = temp.resolve("bearer");

    GitCli.Result result =
        git.run(
            temp,
            "-c",
            "http.extraHeader=Authorization: Bearer " + aliceWrite,
            "clone",
            hub.gitUrl("alice/hidden", null),
            clone.toString());

    assertThat(result.ok()).as(result.output()).isTrue();
  }

  @Test
  void unknownTokenIsRefusedWithAChallenge() {
    hub.repo("alice/hidden", true);

    GitCli.Result result =
        git.run(temp, "clone", hub.gitUrl("alice/hidden", "hf_notARealToken"), "wrong");

    assertThat(result.ok()).isFalse();
    assertThat(result.output()).contains("Authentication failed");
  }

  @Test
  void datasetRepositoriesLiveUnderDatasets() {
    hub.repo("datasets/alice/bench", false);

    assertThat(cloneAs("datasets/alice/bench.git", null).resolve(".gitattributes")).exists();
  }
}
