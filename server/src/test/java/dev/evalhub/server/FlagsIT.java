package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags and disputes (issue 14) through the HTTP API, git and the leaderboard, like users: bob
 * flags a result of alice's model, alice and bob discuss it, alice resolves it; carol (a stranger)
 * may read but neither comment nor resolve; the record is a discussion of kind flag on {@code
 * refs/meta/pr/N}, fetchable with git and listed by the Hugging Face discussions API.
 */
class FlagsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FLAGS = "/api/models/alice/gpt/flags";
  private static final String FILE = ".eval_results/bench.yaml";
  private static final String RESULTS =
      "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 42.5\n"
          + "- dataset:\n    id: acme/bench\n    task_id: t2\n  value: 1.0\n  notes: a\n"
          + "- dataset:\n    id: acme/bench\n    task_id: t2\n  value: 2.0\n  notes: b\n";

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;
  private String alice;
  private String bob;
  private String bobRead;
  private String carol;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .user("carol")
            .org("acme", "alice")
            .repo("datasets/acme/bench", false)
            .repo("alice/gpt", false)
            .repo("alice/other", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    bobRead = hub.token("bob", Role.READ);
    carol = hub.token("carol", Role.WRITE);
    api = hub.api();
    commit(
        "datasets/acme/bench",
        "eval.yaml",
        "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: t1\n  - id: t2\n");
    commit("alice/gpt", FILE, RESULTS);
    commit("alice/other", FILE, RESULTS.replace("42.5", "40.0"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "seed", "alice");
  }

  private static String flagBody(String category, String task, String evidence, String links) {
    return "{\"category\":\""
        + category
        + "\",\"target\":{\"filename\":\""
        + FILE
        + "\",\"dataset\":\"acme/bench\",\"task_id\":\""
        + task
        + "\"},\"evidence\":\""
        + evidence
        + "\",\"links\":"
        + links
        + "}";
  }

  private int raise(String token, String category) {
    HubApi.Response raised =
        api.post(
            FLAGS,
            token,
            flagBody(category, "t1", "trained on the test set", "[\"https://x.test/p\"]"));
    assertThat(raised.status()).as(raised.body()).isEqualTo(200);
    return raised.json().get("num").asInt();
  }

  private JsonNode leaderboard(String query) {
    HubApi.Response board =
        api.get("/api/datasets/acme/bench/leaderboard?task_id=t1" + query, null);
    assertThat(board.status()).as(board.body()).isEqualTo(200);
    return board.json();
  }

  private static List<String> models(JsonNode rows) {
    return StreamSupport.stream(rows.spliterator(), false)
        .map(row -> row.get("modelId").asText())
        .toList();
  }

  @Test
  void flagLifecycleAcrossTheApiAndGit() throws Exception {
    int number = raise(bob, "contamination");

    JsonNode flag = api.get(FLAGS + "/" + number, null).json();
    assertThat(flag.get("kind").asText()).isEqualTo("flag");
    assertThat(flag.get("category").asText()).isEqualTo("contamination");
    assertThat(flag.get("status").asText()).isEqualTo("open");
    assertThat(flag.get("target").get("filename").asText()).isEqualTo(FILE);
    assertThat(flag.get("target").get("task_id").asText()).isEqualTo("t1");
    assertThat(flag.get("target").get("sha256").asText()).hasSize(64);
    assertThat(flag.get("evidence").asText()).isEqualTo("trained on the test set");
    assertThat(flag.get("links").get(0).asText()).isEqualTo("https://x.test/p");
    assertThat(flag.get("author").get("name").asText()).isEqualTo("bob");
    assertThat(flag.get("url").asText()).isEqualTo("/alice/gpt/discussions/" + number);

    // The flag is open on its row, with the flagged badge, and "hide flagged" drops the row.
    JsonNode row = leaderboard("").get(0);
    assertThat(row.get("modelId").asText()).isEqualTo("alice/gpt");
    assertThat(row.get("flags").get(0).get("status").asText()).isEqualTo("open");
    assertThat(row.get("badges").toString()).contains("\"flagged\"");
    assertThat(models(leaderboard("&hide_flagged=true"))).containsExactly("alice/other");

    // The owner and the flagger discuss; a stranger may not.
    assertThat(
            api.post(FLAGS + "/" + number + "/comment", alice, "{\"comment\":\"looking\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            api.post(FLAGS + "/" + number + "/comment", bob, "{\"comment\":\"see the link\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            api.post(FLAGS + "/" + number + "/comment", carol, "{\"comment\":\"me too\"}").status())
        .isEqualTo(403);
    assertThat(
            api.post(
                    "/api/models/alice/gpt/discussions/" + number + "/comment",
                    carol,
                    "{\"comment\":\"x\"}")
                .status())
        .as("the discussions API applies the flag's rule")
        .isEqualTo(403);

    // Only writers resolve: not the flagger, not a stranger.
    String upheld = "{\"resolution\":\"upheld\",\"comment\":\"confirmed\"}";
    assertThat(api.post(FLAGS + "/" + number + "/resolve", bob, upheld).status()).isEqualTo(403);
    assertThat(api.post(FLAGS + "/" + number + "/resolve", carol, upheld).status()).isEqualTo(403);
    assertThat(
            api.post(
                    "/api/models/alice/gpt/discussions/" + number + "/status",
                    alice,
                    "{\"status\":\"closed\"}")
                .status())
        .as("a flag is not closed as a discussion")
        .isEqualTo(409);
    HubApi.Response resolved = api.post(FLAGS + "/" + number + "/resolve", alice, upheld);
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().get("status").asText()).isEqualTo("upheld");
    assertThat(resolved.json().get("resolution").get("by").asText()).isEqualTo("alice");
    assertThat(api.post(FLAGS + "/" + number + "/resolve", alice, upheld).status()).isEqualTo(409);

    // Upheld: the row leaves the default leaderboard at once.
    assertThat(models(leaderboard(""))).containsExactly("alice/other");
    assertThat(api.get(FLAGS + "?status=upheld", null).json().get("count").asInt()).isEqualTo(1);
    assertThat(api.get(FLAGS + "?status=open", null).json().get("count").asInt()).isZero();

    // The Hugging Face discussions API lists it as a closed discussion, in its shapes.
    JsonNode discussions = api.get("/api/models/alice/gpt/discussions", null).json();
    assertThat(discussions.get("count").asInt()).isEqualTo(1);
    JsonNode summary = discussions.get("discussions").get(0);
    assertThat(summary.get("num").asInt()).isEqualTo(number);
    assertThat(summary.get("isPullRequest").asBoolean()).isFalse();
    assertThat(summary.get("status").asText()).isEqualTo("closed");
    JsonNode details = api.get("/api/models/alice/gpt/discussions/" + number, null).json();
    List<String> types = new ArrayList<>();
    details.get("events").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsExactly("comment", "comment", "comment", "comment", "status-change");

    // The record is fetchable with git, a discussion of kind flag, its changelog in git log.
    GitCli git = new GitCli(temp.resolve("home"));
    Path clone = git.clone(hub.gitUrl("alice/gpt", null), temp);
    git.ok(clone, "fetch", "-q", "origin", "refs/meta/pr/*:refs/remotes/origin/pr-records/*");
    JsonNode record =
        JSON.readTree(
            git.ok(
                clone, "show", "refs/remotes/origin/pr-records/" + number + ":pull-request.json"));
    assertThat(record.get("kind").asText()).isEqualTo("flag");
    assertThat(record.get("flag").get("category").asText()).isEqualTo("contamination");
    assertThat(record.get("flag").get("target").get("file").asText()).isEqualTo(FILE);
    assertThat(record.get("flag").get("resolution").asText()).isEqualTo("upheld");
    assertThat(record.get("flag").get("resolvedBy").asText()).isEqualTo("alice");
    assertThat(git.ok(clone, "log", "--format=%an %s", "refs/remotes/origin/pr-records/" + number))
        .contains("alice #" + number + ": comment, status-change")
        .contains("bob Flag #" + number + ": Flag: contamination of acme/bench t1 (" + FILE + ")");
  }

  @Test
  void rejectedFlagStaysVisibleOnItsRow() {
    int number = raise(bob, "irreproducible");
    assertThat(
            api.post(
                    FLAGS + "/" + number + "/resolve",
                    alice,
                    "{\"resolution\":\"rejected\",\"comment\":\"reran it\"}")
                .status())
        .isEqualTo(200);

    JsonNode board = leaderboard("");
    assertThat(models(board)).containsExactly("alice/gpt", "alice/other");
    assertThat(board.get(0).get("flags").get(0).get("status").asText()).isEqualTo("rejected");
    assertThat(models(leaderboard("&hide_flagged=true")))
        .containsExactly("alice/gpt", "alice/other");
  }

  @Test
  void badInputGetsAPreciseErrorAndChangesNothing() {
    String links = "[]";
    assertError(api.post(FLAGS, bob, flagBody("spam", "t1", "e", links)), 400, "category");
    assertError(api.post(FLAGS, bob, flagBody("other", "t9", "e", links)), 400, "holds no result");
    assertError(api.post(FLAGS, bob, flagBody("other", "t2", "e", links)), 400, "notes");
    assertError(api.post(FLAGS, bob, flagBody("other", "t1", "  ", links)), 400, "evidence");
    assertError(
        api.post(FLAGS, bob, flagBody("other", "t1", "x".repeat(70_000), links)), 400, "evidence");
    assertError(
        api.post(FLAGS, bob, flagBody("other", "t1", "e", "[\"javascript:alert(1)\"]")),
        400,
        "links[0]");
    assertError(
        api.post(FLAGS, bob, flagBody("other", "t1", "e", "[\"ftp://x.test/a\"]")),
        400,
        "links[0]");
    assertError(
        api.post(
            FLAGS,
            bob,
            flagBody(
                "other",
                "t1",
                "e",
                "[" + "\"https://x.test\",".repeat(10) + "\"https://x.test\"]")),
        400,
        "links");
    assertError(
        api.post(
            FLAGS,
            bob,
            flagBody("other", "t1", "e", links).replace(FILE, ".eval_results/missing.yaml")),
        400,
        "does not exist");
    assertError(api.post(FLAGS, null, flagBody("other", "t1", "e", links)), 401, "sign in");
    assertError(api.post(FLAGS, bobRead, flagBody("other", "t1", "e", links)), 403, "read token");
    assertError(api.get(FLAGS + "?status=closed", null), 400, "status");
    assertError(api.get(FLAGS + "/1", null), 404, "flag #1");
    assertThat(api.get(FLAGS, null).json().get("count").asInt()).isZero();
    assertThat(api.get("/api/models/alice/gpt/discussions", null).json().get("count").asInt())
        .isZero();

    // With notes, one of two results of a task is named.
    int number = 0;
    HubApi.Response ok =
        api.post(
            FLAGS,
            bob,
            flagBody("other", "t2", "e", links)
                .replace("\"task_id\":\"t2\"", "\"task_id\":\"t2\",\"notes\":\"b\""));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    number = ok.json().get("num").asInt();
    assertThat(ok.json().get("target").get("notes").asText()).isEqualTo("b");
    assertError(
        api.post(FLAGS + "/" + number + "/resolve", alice, "{\"resolution\":\"open\"}"),
        400,
        "resolution");
  }

  @Test
  void aFlagTakesTheNextDiscussionNumber() {
    HubApi.Response discussion =
        api.post("/api/models/alice/gpt/discussions", carol, "{\"title\":\"hello\"}");
    assertThat(discussion.json().get("num").asInt()).isEqualTo(1);

    assertThat(raise(bob, "other")).isEqualTo(2);
    assertThat(api.get(FLAGS, null).json().get("flags").get(0).get("num").asInt()).isEqualTo(2);
    assertError(api.get(FLAGS + "/1", null), 404, "flag #1");
  }

  private static void assertError(HubApi.Response response, int status, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(message);
  }
}
