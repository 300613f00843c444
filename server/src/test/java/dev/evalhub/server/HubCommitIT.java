package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing through the Hugging Face–compatible API: NDJSON commits, preupload, repository deletion.
 */
class HubCommitIT {

  private static final String QUOTED_VALUE =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: "20.9"
      """;

  @TempDir Path temp;
  private TestHub hub;
  private HubHttp http;
  private String alice;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(ServerConfig.forTest(temp.resolve("data")).withMaxCommitBytes(4096))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false);
    http = new HubHttp(hub.baseUrl());
    alice = hub.token("alice", Role.WRITE);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private static String header(String extra) {
    return "{\"key\":\"header\",\"value\":{\"summary\":\"Add files\"" + extra + "}}";
  }

  private static String file(String path, String content) {
    return "{\"key\":\"file\",\"value\":{\"content\":\""
        + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
        + "\",\"path\":\""
        + path
        + "\",\"encoding\":\"base64\"}}";
  }

  private HttpResponse<String> commit(String revision, String token, String... lines)
      throws Exception {
    return http.send(
        "POST",
        "/api/models/alice/gpt/commit/" + revision,
        token,
        String.join("\n", lines),
        "Content-Type",
        "application/x-ndjson");
  }

  private HttpResponse<String> openPullRequest(String token, String... lines) throws Exception {
    return commit("main?create_pr=1", token, lines);
  }

  private String main() throws Exception {
    return http.get("/api/models/alice/gpt", null)
        .body()
        .replaceAll(".*\"sha\":\"([0-9a-f]{40})\".*", "$1");
  }

  @Test
  void commitAddsAFileAndAnswersItsIdAndUrl() throws Exception {
    HttpResponse<String> response = commit("main", alice, header(""), file("dir/a.txt", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains(
            "\"commitOid\":\"" + main() + "\"",
            "\"commitUrl\":\"" + hub.baseUrl() + "/alice/gpt/commit/" + main() + "\"");
    assertThat(http.get("/alice/gpt/resolve/main/dir/a.txt", null).body()).isEqualTo("hi");
  }

  @Test
  void deletedFileLineRemovesTheFile() throws Exception {
    commit("main", alice, header(""), file("a.txt", "hi"));

    commit("main", alice, header(""), "{\"key\":\"deletedFile\",\"value\":{\"path\":\"a.txt\"}}");

    assertThat(http.get("/alice/gpt/resolve/main/a.txt", null).statusCode()).isEqualTo(404);
  }

  @Test
  void deletedFolderLineRemovesEverythingBelowIt() throws Exception {
    commit(
        "main",
        alice,
        header(""),
        file("logs/a.txt", "a"),
        file("logs/deep/b.txt", "b"),
        file("keep.txt", "k"));

    HttpResponse<String> response =
        commit(
            "main",
            alice,
            header(""),
            "{\"key\":\"deletedFolder\",\"value\":{\"path\":\"logs/\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(http.get("/api/models/alice/gpt/tree/main/logs", null).statusCode()).isEqualTo(404);
    assertThat(http.get("/alice/gpt/resolve/main/keep.txt", null).body()).isEqualTo("k");
  }

  @Test
  void staleParentCommitIsAPreconditionFailure() throws Exception {
    String before = main();
    commit("main", alice, header(""), file("a.txt", "one"));

    HttpResponse<String> stale =
        commit("main", alice, header(",\"parentCommit\":\"" + before + "\""), file("a.txt", "two"));

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(http.get("/alice/gpt/resolve/main/a.txt", null).body()).isEqualTo("one");
  }

  @Test
  void commitsWithoutParentRacingOnOneBranchAllLandAsOnTheHuggingFaceHub() throws Exception {
    commit("main", alice, header(""), file("start.txt", "s"));
    int perWriter = 8;
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Integer>>> statuses = new ArrayList<>();
      for (String writer : List.of("x", "y")) {
        statuses.add(
            writers.submit(
                () -> {
                  List<Integer> codes = new ArrayList<>();
                  for (int i = 0; i < perWriter; i++) {
                    HttpResponse<String> answer =
                        commit("main", alice, header(""), file(writer + i + ".txt", writer + i));
                    codes.add(answer.statusCode());
                  }
                  return codes;
                }));
      }
      for (Future<List<Integer>> codes : statuses) {
        assertThat(codes.get(2, TimeUnit.MINUTES)).containsOnly(200);
      }
    } finally {
      writers.shutdownNow();
    }
    for (String writer : List.of("x", "y")) {
      for (int i = 0; i < perWriter; i++) {
        assertThat(http.get("/alice/gpt/resolve/main/" + writer + i + ".txt", null).body())
            .isEqualTo(writer + i);
      }
    }
  }

  @Test
  void bodyOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> response =
        commit("main", alice, header(""), file("big.txt", "x".repeat(5000)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("max-commit-bytes");
  }

  @Test
  void lfsFileLineIsRefusedClearly() throws Exception {
    HttpResponse<String> response =
        commit(
            "main",
            alice,
            header(""),
            "{\"key\":\"lfsFile\",\"value\":{\"path\":"
                + "\"w.bin\",\"algo\":\"sha256\",\"size\":4,\"oid\":\""
                + "a".repeat(64)
                + "\"}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("LFS is not supported");
  }

  @Test
  void invalidResultsFileIsRefusedWithThePositionedMessageAndNothingCommitted() throws Exception {
    String before = main();

    HttpResponse<String> response =
        commit(
            "main",
            alice,
            header(""),
            file(".eval_results/hle.yaml", QUOTED_VALUE),
            file("ok.txt", "fine"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains(".eval_results/hle.yaml:4:10: value must be a number");
    assertThat(main()).isEqualTo(before);
  }

  @Test
  void strangerAndReadTokenCannotCommitAndBadTokenIsRefused() throws Exception {
    assertThat(
            commit("main", hub.token("bob", Role.WRITE), header(""), file("a", "b")).statusCode())
        .isEqualTo(403);
    assertThat(
            commit("main", hub.token("alice", Role.READ), header(""), file("a", "b")).statusCode())
        .isEqualTo(403);
    assertThat(commit("main", "hf_nope", header(""), file("a", "b")).statusCode()).isEqualTo(401);
  }

  @Test
  void commitToAMissingBranchIsRevisionNotFound() throws Exception {
    assertThat(
            commit("nope", alice, header(""), file("a", "b")).headers().firstValue("X-Error-Code"))
        .contains("RevisionNotFound");
  }

  @Test
  void createPrOpensAPullRequestWhoseUrlEndsInItsNumberAndLeavesMainAlone() throws Exception {
    String before = main();

    HttpResponse<String> response =
        openPullRequest(hub.token("bob", Role.WRITE), header(""), file("r.txt", "1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"pullRequestUrl\":\"" + hub.baseUrl() + "/alice/gpt/discussions/1\"");
    assertThat(http.get("/alice/gpt/resolve/refs%2Fpr%2F1/r.txt", null).body()).isEqualTo("1");
    assertThat(main()).isEqualTo(before);
    assertThat(http.get("/api/models/alice/gpt/discussions/1", null).body())
        .contains("\"isPullRequest\":true");
  }

  @Test
  void authorAndWritersAddToThePullRequestThroughTheEncodedRevisionOthersCannot() throws Exception {
    String bob = hub.token("bob", Role.WRITE);
    openPullRequest(bob, header(""), file("r.txt", "1"));
    hub.user("carol");

    HttpResponse<String> byAuthor = commit("refs%2Fpr%2F1", bob, header(""), file("r.txt", "2"));
    HttpResponse<String> byOwner = commit("refs%2Fpr%2F1", alice, header(""), file("s.txt", "3"));
    HttpResponse<String> byStranger =
        commit("refs%2Fpr%2F1", hub.token("carol", Role.WRITE), header(""), file("r.txt", "4"));

    assertThat(byAuthor.statusCode()).isEqualTo(200);
    assertThat(byAuthor.body()).doesNotContain("pullRequestUrl");
    assertThat(byOwner.statusCode()).isEqualTo(200);
    assertThat(byStranger.statusCode()).isEqualTo(403);
    assertThat(http.get("/alice/gpt/resolve/refs%2Fpr%2F1/r.txt", null).body()).isEqualTo("2");
  }

  @Test
  void invalidResultsFileOpensNoPullRequest() throws Exception {
    HttpResponse<String> response =
        openPullRequest(
            hub.token("bob", Role.WRITE), header(""), file(".eval_results/hle.yaml", QUOTED_VALUE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains(".eval_results/hle.yaml:4:10:");
    assertThat(http.get("/api/models/alice/gpt/discussions/1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void commitToAMissingPullRequestIsRevisionNotFound() throws Exception {
    assertThat(
            commit("refs%2Fpr%2F7", alice, header(""), file("a", "b"))
                .headers()
                .firstValue("X-Error-Code"))
        .contains("RevisionNotFound");
  }

  @Test
  void preuploadAnswersRegularForEveryFile() throws Exception {
    HttpResponse<String> response =
        http.send(
            "POST",
            "/api/models/alice/gpt/preupload/main",
            alice,
            "{\"files\":[{\"path\":\"a.bin\",\"size\":5,\"sample\":\"AAAA\"}]}",
            "Content-Type",
            "application/json");

    assertThat(response.body()).contains("\"path\":\"a.bin\"", "\"uploadMode\":\"regular\"");
  }

  @Test
  void ownerDeletesTheRepositoryWithAJsonBodyAndStrangersCannot() throws Exception {
    String body = "{\"name\":\"gpt\",\"organization\":\"alice\",\"type\":\"model\"}";

    assertThat(
            http.send("DELETE", "/api/repos/delete", hub.token("bob", Role.WRITE), body)
                .statusCode())
        .isEqualTo(403);
    assertThat(http.send("DELETE", "/api/repos/delete", alice, body).statusCode()).isEqualTo(200);
    assertThat(
            hub.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("alice/gpt").orElseThrow()))
        .isEmpty();
    assertThat(http.get("/api/models/alice/gpt", alice).statusCode()).isEqualTo(404);
  }

  @Test
  void listingsShowPrivateRepositoriesOnlyToTheirMembersAndPage() throws Exception {
    hub.repo("alice/secret", true).repo("alice/zeta", false).repo("datasets/alice/bench", false);
    String bob = hub.token("bob", Role.READ);

    assertThat(http.get("/api/models?limit=10", bob).body())
        .contains("alice/gpt")
        .doesNotContain("secret");
    assertThat(http.get("/api/models?search=SEC", alice).body()).contains("alice/secret");
    HttpResponse<String> first = http.get("/api/models?author=alice&limit=1", null);
    assertThat(first.body()).contains("alice/gpt").doesNotContain("alice/zeta");
    assertThat(first.headers().firstValue("Link"))
        .hasValueSatisfying(
            link ->
                assertThat(link)
                    .startsWith("<" + hub.baseUrl() + "/api/models?")
                    .endsWith("cursor=1>; rel=\"next\""));
    assertThat(http.get("/api/datasets?search=bench", null).body())
        .contains("\"id\":\"alice/bench\"");
  }

  @Test
  void whoAmIDescribesTheTokenAndRefusesABadOne() throws Exception {
    assertThat(http.get("/api/whoami-v2", alice).body())
        .contains(
            "\"name\":\"alice\"",
            "\"auth\":{\"type\":\"access_token\",\"accessToken\":{",
            "\"role\":\"write\"");
    assertThat(http.get("/api/whoami-v2", "hf_wrong").statusCode()).isEqualTo(401);
  }
}
