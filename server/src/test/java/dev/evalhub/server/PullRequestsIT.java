package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull requests through the git command line and the Hugging Face discussions API, like users
 * would.
 */
class PullRequestsIT {

  static final String RESULT_20 =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: 20.9
      """;
  static final String RESULT_21 = RESULT_20.replace("20.9", "21.4");
  static final String QUOTED_VALUE = RESULT_20.replace("20.9", "\"20.9\"");
  private static final String API = "/api/models/alice/gpt/discussions";

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private HubApi api;
  private String alice;
  private String bob;
  private String carol;

  @BeforeEach
  void startHub() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .user("carol")
            .repo("alice/gpt", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    carol = hub.token("carol", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
    api = new HubApi(hub.baseUrl());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private Path cloneAs(String token) {
    return git.clone(hub.gitUrl("alice/gpt", token), temp);
  }

  private GitCli.Result openPullRequest(String token, String path, String content, String title)
      throws Exception {
    return git.run(
        git.commitFile(cloneAs(token), path, content, title),
        "push",
        "origin",
        "HEAD:refs/for/main");
  }

  private PullRequest record(int number) {
    return hub.server()
        .hub()
        .storage()
        .pullRequests()
        .get(RepoId.parsePath("alice/gpt").orElseThrow(), new PrNumber(number));
  }

  private String fileOnMain(String path) {
    Path clone = cloneAs(null);
    Path file = clone.resolve(path);
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void strangerOpensAPullRequestThroughRefsForMainAndSeesItsUrl() throws Exception {
    GitCli.Result push =
        openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(push.lines())
        .contains("remote: Pull request #1: " + hub.baseUrl() + "/alice/gpt/discussions/1");
    assertThat(record(1))
        .extracting(
            PullRequest::title,
            PullRequest::author,
            PullRequest::status,
            PullRequest::isPullRequest)
        .containsExactly("Add HLE result", "bob", PrStatus.OPEN, true);
    assertThat(git.ok(cloneAs(null), "for-each-ref", "--format=%(refname)"))
        .doesNotContain("refs/meta/");
  }

  @Test
  void commitWithoutAMessageOpensAPullRequestTitledByItsAuthor() throws Exception {
    Path clone = cloneAs(bob);
    Files.writeString(clone.resolve("notes.txt"), "x");
    git.ok(clone, "add", "notes.txt");
    git.ok(clone, "commit", "-q", "--allow-empty-message", "-m", "");

    GitCli.Result push = git.run(clone, "push", "origin", "HEAD:refs/for/main");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(record(1).title()).isEqualTo("Changes from bob");
  }

  @Test
  void strangerPushesAFixToTheirPullRequestAndTheOwnerCommentsAndMergesIt() throws Exception {
    Path clone =
        git.commitFile(cloneAs(bob), ".eval_results/hle.yaml", RESULT_20, "Add HLE result");
    git.ok(clone, "push", "origin", "HEAD:refs/for/main");
    git.commitFile(clone, ".eval_results/hle.yaml", RESULT_21, "Fix the HLE value");
    GitCli.Result fix = git.run(clone, "push", "origin", "HEAD:refs/pr/1");

    HubApi.Response comment = api.post(API + "/1/comment", alice, "{\"comment\":\"Thanks!\"}");
    HubApi.Response merge = api.post(API + "/1/merge", alice, "");

    assertThat(fix.ok()).as(fix.output()).isTrue();
    assertThat(comment.json().at("/newMessage/data/latest/raw").asText()).isEqualTo("Thanks!");
    assertThat(merge.status()).as(merge.body()).isEqualTo(200);
    assertThat(merge.json().at("/newStatus/data/status").asText()).isEqualTo("merged");
    assertThat(fileOnMain(".eval_results/hle.yaml")).isEqualTo(RESULT_21);
    assertThat(record(1).events())
        .extracting(e -> e.kind().id() + " by " + e.actor())
        .containsExactly(
            "push by bob",
            "push by bob",
            "comment by alice",
            "merge by alice",
            "status-change by alice");
  }

  @Test
  void mergeIsOneCommitOnMainNamingThePullRequest() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    api.post(API + "/1/merge", alice, "{\"comment\":\"Looks right\"}");

    Path clone = cloneAs(null);
    assertThat(git.ok(clone, "log", "-1", "--format=%an%n%B").strip())
        .isEqualTo(
            "alice\nMerge pull request #1: Add HLE result\n\nLooks right\n\nPull-Request: 1");
    assertThat(git.ok(clone, "rev-list", "--count", "HEAD").strip()).isEqualTo("2");
  }

  @Test
  void ownerClosesAPullRequestAndItsResultStaysOffMain() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    HubApi.Response close =
        api.post(API + "/1/status", alice, "{\"status\":\"closed\",\"comment\":\"No source\"}");

    assertThat(close.json().at("/newStatus/data/status").asText()).isEqualTo("closed");
    assertThat(close.json().at("/newStatus/author/name").asText()).isEqualTo("alice");
    assertThat(fileOnMain(".eval_results/hle.yaml")).isNull();
    assertThat(record(1).status()).isEqualTo(PrStatus.CLOSED);
  }

  @Test
  void strangerCannotMergeOrCloseSomeoneElsesPullRequest() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    HubApi.Response merge = api.post(API + "/1/merge", carol, "");
    HubApi.Response close = api.patch(API + "/1/status", carol, "{\"status\":\"closed\"}");
    HubApi.Response authorMerges = api.post(API + "/1/merge", bob, "");

    assertThat(merge.status()).isEqualTo(403);
    assertThat(close.status()).isEqualTo(403);
    assertThat(close.json().get("error").asText())
        .isEqualTo("only the author of #1 and the writers of alice/gpt may close it");
    assertThat(authorMerges.status()).isEqualTo(403);
    assertThat(record(1).status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void authorClosesTheirOwnPullRequestButOnlyAWriterReopensIt() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    HubApi.Response close = api.post(API + "/1/status", bob, "{\"status\":\"closed\"}");
    HubApi.Response reopenByAuthor = api.post(API + "/1/status", bob, "{\"status\":\"open\"}");
    HubApi.Response reopenByOwner = api.post(API + "/1/status", alice, "{\"status\":\"open\"}");

    assertThat(close.status()).isEqualTo(200);
    assertThat(reopenByAuthor.status()).isEqualTo(403);
    assertThat(reopenByOwner.status()).isEqualTo(200);
  }

  @Test
  void strangerCannotPushToSomeoneElsesPullRequest() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");
    Path clone = git.commitFile(cloneAs(carol), "x.txt", "x", "Carol's change");

    GitCli.Result push = git.run(clone, "push", "--force", "origin", "HEAD:refs/pr/1");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("(only the author of #1 and the writers of alice/gpt may push to it)");
  }

  @Test
  void closedPullRequestTakesNoMorePushes() throws Exception {
    Path clone =
        git.commitFile(cloneAs(bob), ".eval_results/hle.yaml", RESULT_20, "Add HLE result");
    git.ok(clone, "push", "origin", "HEAD:refs/for/main");
    api.post(API + "/1/status", alice, "{\"status\":\"closed\"}");
    git.commitFile(clone, ".eval_results/hle.yaml", RESULT_21, "Fix");

    GitCli.Result push = git.run(clone, "push", "origin", "HEAD:refs/pr/1");

    assertThat(push.output()).contains("(pull request #1 is closed: no more pushes)");
  }

  @Test
  void invalidResultPushedToAPullRequestIsRefusedLikeOnMain() throws Exception {
    Path clone =
        git.commitFile(cloneAs(bob), ".eval_results/hle.yaml", RESULT_20, "Add HLE result");
    git.ok(clone, "push", "origin", "HEAD:refs/for/main");
    String head = record(1).head().orElseThrow();
    git.commitFile(clone, ".eval_results/hle.yaml", QUOTED_VALUE, "Quote the value");

    GitCli.Result push = git.run(clone, "push", "origin", "HEAD:refs/pr/1");

    assertThat(push.lines())
        .filteredOn(line -> line.startsWith("remote: error:"))
        .containsExactly(
            "remote: error: .eval_results/hle.yaml:4:10: value must be a number, found string \"20.9\" (at [0].value)");
    assertThat(push.output())
        .contains("[remote rejected] HEAD -> refs/pr/1 (invalid files: see the errors above)");
    assertThat(record(1).head()).contains(head);
  }

  @Test
  void invalidResultPushedToRefsForMainOpensNothing() throws Exception {
    GitCli.Result push =
        openPullRequest(bob, ".eval_results/hle.yaml", QUOTED_VALUE, "Add HLE result");

    assertThat(push.output())
        .contains(
            "remote: error: .eval_results/hle.yaml:4:10: value must be a number, found string \"20.9\" (at [0].value)");
    assertThat(
            hub.server()
                .hub()
                .storage()
                .pullRequests()
                .list(RepoId.parsePath("alice/gpt").orElseThrow()))
        .isEmpty();
  }

  @Test
  void conflictingPullRequestIsRefusedWithTheConflictingFiles() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE 20.9");
    git.ok(
        git.commitFile(cloneAs(alice), ".eval_results/hle.yaml", RESULT_21, "Add HLE 21.4"),
        "push",
        "-q",
        "origin",
        "main");

    HubApi.Response merge = api.post(API + "/1/merge", alice, "");
    JsonNode details = api.get(API + "/1", null).json();

    assertThat(merge.status()).isEqualTo(409);
    assertThat(merge.json().get("error").asText())
        .isEqualTo(
            "pull request #1 does not apply to main cleanly; conflicting files: .eval_results/hle.yaml");
    assertThat(details.get("filesWithConflicts"))
        .extracting(JsonNode::asText)
        .containsExactly(".eval_results/hle.yaml");
    assertThat(record(1).status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void mergeWhoseCombinedFileIsInvalidIsRefusedWithThePositionedError() throws Exception {
    String base = RESULT_20 + "  source:\n    url: https://example.com/hle\n";
    Path owner = cloneAs(alice);
    git.ok(
        git.commitFile(owner, ".eval_results/hle.yaml", base, "Add HLE"),
        "push",
        "-q",
        "origin",
        "main");
    openPullRequest(
        bob,
        ".eval_results/hle.yaml",
        base.replace("value: 20.9\n", "value: 20.9\n  notes: b\n"),
        "Note b");
    git.ok(
        git.commitFile(owner, ".eval_results/hle.yaml", base + "  notes: a\n", "Note a"),
        "push",
        "-q",
        "origin",
        "main");

    HubApi.Response merge = api.post(API + "/1/merge", alice, "");

    assertThat(merge.status()).isEqualTo(409);
    assertThat(merge.json().get("error").asText())
        .startsWith(
            "pull request #1 would make invalid files on main:\n.eval_results/hle.yaml:8:3: duplicate key \"notes\"");
    assertThat(record(1).status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void pushedCommitWithALookAlikeTrailerDoesNotMarkAPullRequestMerged() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");
    Path owner = git.commitFile(cloneAs(alice), "notes.txt", "x", "Not a merge\n\nPull-Request: 1");

    git.ok(owner, "push", "-q", "origin", "main");

    assertThat(record(1).status()).isEqualTo(PrStatus.OPEN);
  }

  @Test
  void twoConcurrentOpeningsGetNumbersOneAndTwo() throws Exception {
    Path first = git.commitFile(cloneAs(bob), ".eval_results/a.yaml", RESULT_20, "First");
    Path second = git.commitFile(cloneAs(carol), ".eval_results/b.yaml", RESULT_21, "Second");

    // Two threads of their own (the common pool has one on a 2-core machine) released together.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    List<GitCli.Result> pushes;
    try {
      Future<GitCli.Result> one =
          pool.submit(
              () -> {
                start.await();
                return git.run(first, "push", "origin", "HEAD:refs/for/main");
              });
      Future<GitCli.Result> two =
          pool.submit(
              () -> {
                start.await();
                return git.run(second, "push", "origin", "HEAD:refs/for/main");
              });
      start.countDown();
      pushes = List.of(one.get(), two.get());
    } finally {
      pool.shutdownNow();
    }

    assertThat(pushes).allSatisfy(push -> assertThat(push.ok()).as(push.output()).isTrue());
    assertThat(
            hub.server()
                .hub()
                .storage()
                .pullRequests()
                .list(RepoId.parsePath("alice/gpt").orElseThrow()))
        .extracting(pr -> pr.number().value())
        .containsExactly(1, 2);
    assertThat(pushes)
        .extracting(push -> push.output().contains("remote: Pull request #1: "))
        .containsExactlyInAnyOrder(true, false);
  }

  @Test
  void discussionOpenedThroughTheApiIsListedAndDetailedInTheHubShapes() {
    HubApi.Response created =
        api.post(
            API,
            carol,
            "{\"title\":\"Which prompt?\",\"description\":\"How was it run?\",\"pullRequest\":false}");

    JsonNode list = api.get(API + "?p=0&type=discussion&status=open", null).json();
    JsonNode details = api.get(API + "/1", null).json();

    assertThat(created.json().get("num").asInt()).isEqualTo(1);
    assertThat(list.get("count").asInt()).isEqualTo(1);
    assertThat(list.get("start").asInt()).isZero();
    assertThat(list.at("/discussions/0/author/name").asText()).isEqualTo("carol");
    assertThat(list.at("/discussions/0/repo/name").asText()).isEqualTo("alice/gpt");
    assertThat(list.at("/discussions/0/isPullRequest").asBoolean()).isFalse();
    assertThat(details.at("/events/0/type").asText()).isEqualTo("comment");
    assertThat(details.at("/events/0/data/latest/raw").asText()).isEqualTo("How was it run?");
    assertThat(details.get("createdAt").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void unknownListFilterIsABadRequest() {
    HubApi.Response list = api.get(API + "?status=merged", null);

    assertThat(list.status()).isEqualTo(400);
    assertThat(list.json().get("error").asText())
        .isEqualTo("\"status\" must be one of all, open, closed, got \"merged\"");
  }

  @Test
  void pullRequestOpenedThroughTheApiTakesItsFirstPushAtRefsPr() throws Exception {
    api.post(API, bob, "{\"title\":\"Add HLE\",\"pullRequest\":true}");
    Path clone =
        git.commitFile(cloneAs(bob), ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    GitCli.Result push = git.run(clone, "push", "origin", "HEAD:refs/pr/1");
    JsonNode details = api.get(API + "/1", null).json();

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(details.at("/changes/base").asText()).isEqualTo("main");
    assertThat(details.at("/events/1/type").asText()).isEqualTo("commit");
    assertThat(details.at("/events/1/data/subject").asText()).isEqualTo("Add HLE result");
    assertThat(details.get("diff").asText()).contains("+  value: 20.9");
  }

  @Test
  void discussionsOfAPrivateRepositoryAreNotFoundForStrangers() {
    hub.repo("alice/secret", true);

    HubApi.Response list = api.get("/api/models/alice/secret/discussions", bob);
    HubApi.Response open =
        api.post("/api/models/alice/secret/discussions", bob, "{\"title\":\"hi\"}");

    assertThat(list.status()).isEqualTo(404);
    assertThat(open.status()).isEqualTo(404);
  }

  @Test
  void everyRecordChangeIsARefEvent() throws Exception {
    openPullRequest(bob, ".eval_results/hle.yaml", RESULT_20, "Add HLE result");

    api.post(API + "/1/status", alice, "{\"status\":\"closed\"}");

    assertThat(hub.server().hub().storage().events().readAfter(0))
        .extracting(e -> e.ref() + " " + e.actor())
        .containsSubsequence("refs/meta/pr/1 bob", "refs/pr/1 bob", "refs/meta/pr/1 alice");
    assertThat(hub.server().hub().storage().events().readAfter(0))
        .extracting(RefEvent::ref)
        .doesNotContain(new RefName("refs/for/main"));
  }
}
