package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's DROP case end to end over real HTTP and real {@code git push}es: a task version
 * declared invalid in {@code eval.yaml} takes the results measured with it off the default
 * leaderboard as soon as the push returns, with the badge, the link and the changes record naming
 * the pushing account, the time, the reason and how many results it affected; reverting brings them
 * back; history keeps every result. Deprecated and withdrawn tasks, and the bad requests.
 */
class TaskInvalidationIT {

  private static final String DROP = "datasets/acme/drop";
  private static final String LEADERBOARD = "/api/datasets/acme/drop/leaderboard?task_id=drop";
  private static final String CHANGES = "/api/datasets/acme/drop/changes";
  private static final String REASON = "DROP v1 scored answers ending in a stop sequence as wrong";

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private HubApi api;
  private String alice;
  private String bob;
  private Path benchmark;

  @BeforeEach
  void startHub() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .org("acme", "alice")
            .repo(DROP, false)
            .repo("datasets/acme/plain", false)
            .repo("alice/m1", false)
            .repo("alice/m2", false)
            .repo("bob/m3", false)
            .repo("bob/m4", false)
            .repo("bob/late", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
    api = new HubApi(hub.baseUrl());
    benchmark = git.clone(hub.gitUrl(DROP, alice), temp);
    declare("", "DROP benchmark");
    push("alice/m1", alice, 70, "1");
    push("alice/m2", alice, 60, "1");
    push("bob/m3", bob, 50, "2");
    push("bob/m4", bob, 40, null);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  /** Commits eval.yaml (as git's test user) with {@code settings} and pushes it as alice. */
  private String declare(String settings, String message) {
    git.commitFile(
        benchmark,
        "eval.yaml",
        "name: DROP\ndescription: reading comprehension\n"
            + "evaluation_framework: lm-evaluation-harness\ntasks:\n  - id: drop\n"
            + "evalhub:\n  tasks:\n    drop:\n      version: \"2\"\n"
            + settings,
        message);
    git.ok(benchmark, "push", "-q", "origin", "main");
    return git.ok(benchmark, "rev-parse", "HEAD").strip();
  }

  private void push(String model, String token, double value, String version) {
    Path clone = git.clone(hub.gitUrl(model, token), temp);
    git.commitFile(
        clone,
        ".eval_results/drop.yaml",
        "- dataset:\n    id: acme/drop\n    task_id: drop\n  value: "
            + value
            + "\n"
            + (version == null ? "" : "  methodology:\n    task_version: \"" + version + "\"\n"),
        "DROP result");
    git.ok(clone, "push", "-q", "origin", "main");
  }

  private JsonNode get(String path) {
    HubApi.Response response = api.get(path, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static List<String> models(JsonNode rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.get("modelId").asText()));
    return ids;
  }

  private static JsonNode row(JsonNode rows, String model) {
    for (JsonNode row : rows) {
      if (row.get("modelId").asText().equals(model)) {
        return row;
      }
    }
    throw new AssertionError("no row of " + model + " in " + rows);
  }

  private static List<String> steps(JsonNode changes) {
    List<String> lines = new ArrayList<>();
    changes.forEach(
        c ->
            lines.add(
                c.get("field").asText()
                    + " "
                    + c.path("old").asText("-")
                    + "->"
                    + c.path("new").asText("-")
                    + " by "
                    + c.get("account").asText()
                    + " affected "
                    + c.get("affected").asLong()));
    return lines;
  }

  @Test
  void invalidVersionLeavesTheLeaderboardWithBadgeLinkAndRecordAndComesBackWhenReverted() {
    assertThat(models(get(LEADERBOARD)))
        .containsExactly("alice/m1", "alice/m2", "bob/m3", "bob/m4");

    long pushed = System.nanoTime();
    String commit = declare("      invalid_versions: [\"1\"]\n", REASON);
    JsonNode board = get(LEADERBOARD);
    long tookMillis = (System.nanoTime() - pushed) / 1_000_000;

    assertThat(models(board)).containsExactly("bob/m3", "bob/m4");
    assertThat(tookMillis).as("push to leaderboard, ms").isLessThan(10_000);
    JsonNode unknown = row(board, "bob/m4");
    assertThat(unknown.get("versionUnknown").asBoolean()).isTrue();
    assertThat(unknown.get("badges").findValuesAsText("type")).contains("version-unknown");
    JsonNode all = get(LEADERBOARD + "&include_invalidated=true");
    assertThat(models(all)).containsExactly("bob/m3", "bob/m4", "alice/m1", "alice/m2");
    JsonNode m1 = row(all, "alice/m1");
    assertThat(m1.get("rank").asInt()).isZero();
    JsonNode invalidated = m1.get("invalidated");
    assertThat(invalidated.get("cause").asText()).isEqualTo("invalid-version");
    assertThat(invalidated.get("taskVersion").asText()).isEqualTo("1");
    assertThat(invalidated.get("account").asText()).isEqualTo("alice");
    assertThat(invalidated.get("reason").asText()).isEqualTo(REASON);
    assertThat(invalidated.get("commit").asText()).isEqualTo(commit);
    assertThat(invalidated.get("url").asText()).isEqualTo("/datasets/acme/drop#change-" + commit);
    String day = invalidated.get("declared").asText().substring(0, 10);
    assertThat(m1.get("badges").findValuesAsText("label"))
        .contains(
            "measured with task version 1, declared invalid on " + day + " by alice: " + REASON);
    JsonNode leaderboards = get("/api/datasets/acme/drop/leaderboards?base_model=false");
    assertThat(models(leaderboards.at("/0/invalidated"))).containsExactly("alice/m1", "alice/m2");

    JsonNode changes = get(CHANGES);
    // Pushed as git's "Test User": the record names the account that pushed.
    assertThat(steps(changes))
        .containsExactly(
            "invalid_versions -->1 by alice affected 2", "task -->drop by alice affected 4");
    JsonNode declared = changes.get(0);
    assertThat(declared.get("commit").asText()).isEqualTo(commit);
    assertThat(declared.get("reason").asText()).isEqualTo(REASON);
    assertThat(declared.get("task_id").asText()).isEqualTo("drop");
    assertThat(Instant.parse(declared.get("time").asText()))
        .isEqualTo(Instant.parse(invalidated.get("declared").asText()));

    String page = api.get("/datasets/acme/drop?task=drop", null).body();
    assertThat(page)
        .contains("id=\"change-" + commit + "\"")
        .contains("href=\"/datasets/acme/drop#change-" + commit + "\"")
        .contains("public record stands against these results")
        .contains("measured with task version 1, declared invalid on " + day + " by alice");

    String revert = declare("", "Revert the invalidation of DROP v1");

    assertThat(models(get(LEADERBOARD)))
        .containsExactly("alice/m1", "alice/m2", "bob/m3", "bob/m4");
    assertThat(get(LEADERBOARD).findValues("versionUnknown")).isEmpty();
    JsonNode after = get(CHANGES);
    assertThat(steps(after))
        .containsExactly(
            "invalid_versions 1->- by alice affected 2",
            "invalid_versions -->1 by alice affected 2",
            "task -->drop by alice affected 4");
    assertThat(after.get(0).get("commit").asText()).isEqualTo(revert);
    assertThat(after.get(0).get("reason").asText()).isEqualTo("Revert the invalidation of DROP v1");
    JsonNode history = get("/api/models/alice/m1/results/history");
    assertThat(history.get("results")).hasSize(1);
    assertThat(history.at("/results/0/steps/0/type").asText()).isEqualTo("added");
  }

  @Test
  void deprecatedTaskShowsItsBannerAndStillRanks() {
    String commit =
        declare("      status: deprecated\n      status_reason: superseded by DROP v3\n", "x");

    JsonNode notice = get("/api/datasets/acme/drop/leaderboards?base_model=false").at("/0/notice");
    assertThat(notice.get("status").asText()).isEqualTo("deprecated");
    assertThat(notice.get("reason").asText()).isEqualTo("superseded by DROP v3");
    assertThat(notice.get("account").asText()).isEqualTo("alice");
    assertThat(notice.get("commit").asText()).isEqualTo(commit);
    assertThat(models(get(LEADERBOARD))).hasSize(4);
    assertThat(api.get("/datasets/acme/drop?task=drop", null).body())
        .contains("id=\"task-notice\"", "This task is deprecated", "superseded by DROP v3");
    assertThat(steps(get(CHANGES)))
        .first()
        .isEqualTo("status active->deprecated by alice affected 4");
  }

  @Test
  void withdrawnTaskCountsNothingCommittedAfterTheWithdrawal() throws Exception {
    declare("      status: withdrawn\n      status_reason: the test set leaked\n", "withdraw");
    // Commit times have a resolution of one second.
    Thread.sleep(1100);
    push("bob/late", bob, 99, "2");

    assertThat(models(get(LEADERBOARD)))
        .containsExactly("alice/m1", "alice/m2", "bob/m3", "bob/m4");
    JsonNode late = row(get(LEADERBOARD + "&include_invalidated=true"), "bob/late");
    assertThat(late.at("/invalidated/cause").asText()).isEqualTo("after-withdrawal");
    assertThat(late.at("/invalidated/reason").asText()).isEqualTo("the test set leaked");
    assertThat(
            get("/api/datasets/acme/drop/leaderboards?base_model=false")
                .at("/0/notice/status")
                .asText())
        .isEqualTo("withdrawn");
    assertThat(steps(get(CHANGES)))
        .first()
        .isEqualTo("status active->withdrawn by alice affected 1");
  }

  @Test
  void changesOfAMissingDatasetOrOfOneThatIsNoBenchmarkAreNotFoundAsItsLeaderboardIs() {
    HubApi.Response missing = api.get("/api/datasets/acme/missing/changes", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body())
        .isEqualTo(api.get("/api/datasets/acme/missing/leaderboard", null).body());
    HubApi.Response plain = api.get("/api/datasets/acme/plain/changes", null);
    assertThat(plain.status()).isEqualTo(404);
    assertThat(plain.body()).contains("is not a registered benchmark");
    assertThat(plain.body())
        .isEqualTo(api.get("/api/datasets/acme/plain/leaderboard", null).body());
  }
}
