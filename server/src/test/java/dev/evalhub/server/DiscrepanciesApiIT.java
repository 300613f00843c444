package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discrepancies over real HTTP and git (issue 14): alice's model states 0.637 on {@code main}; the
 * stranger bob pushes a pull request stating 0.488. The first reads after {@code git push} returned
 * show the discrepancy — on the benchmark's discrepancies, on the row (JSON and page, with a link
 * to the pull request) — and closing the pull request takes it away.
 */
class DiscrepanciesApiIT {

  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n  - id: t2\n";

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;
  private GitCli git;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("datasets/alice/bench", false)
            .repo("alice/gpt", false);
    api = hub.api();
    git = new GitCli(temp.resolve("home"));
    commit("datasets/alice/bench", "eval.yaml", EVAL_YAML);
    commit("alice/gpt", ".eval_results/a.yaml", result(0.637));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "seed", RepoId.parsePath(repo).orElseThrow().namespace());
  }

  private static String result(double value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  private void pushPullRequest(double value) {
    Path clone = git.clone(hub.gitUrl("alice/gpt", hub.token("bob", Role.WRITE)), temp);
    git.commitFile(clone, ".eval_results/bob.yaml", result(value), "bob's run");
    git.ok(clone, "push", "origin", "HEAD:refs/for/main");
  }

  private JsonNode json(String path) {
    HubApi.Response response = api.get(path, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  void aPullRequestThatDisagreesWithMainShowsAsSoonAsItIsPushedAndGoesWhenItIsClosed() {
    pushPullRequest(0.488);

    JsonNode found = json("/api/datasets/alice/bench/discrepancies").get("discrepancies");
    JsonNode row = json("/api/datasets/alice/bench/leaderboard?task_id=t1").get(0);

    assertThat(found).hasSize(1);
    JsonNode d = found.get(0);
    assertThat(d.get("modelId").asText()).isEqualTo("alice/gpt");
    assertThat(d.get("taskId").asText()).isEqualTo("t1");
    assertThat(d.get("group").asText()).isEqualTo("methodology=none");
    assertThat(d.at("/source/filename").asText()).isEqualTo(".eval_results/a.yaml");
    assertThat(d.at("/source/value").asDouble()).isEqualTo(0.637);
    assertThat(d.at("/source/url").asText()).isEqualTo("/alice/gpt/blob/main/.eval_results/a.yaml");
    assertThat(d.at("/other/pullRequest").asInt()).isEqualTo(1);
    assertThat(d.at("/other/value").asDouble()).isEqualTo(0.488);
    assertThat(d.at("/other/url").asText()).isEqualTo("/alice/gpt/discussions/1");
    assertThat(d.get("difference").asDouble()).isCloseTo(0.149, within(1e-9));
    assertThat(d.get("threshold").asDouble()).isEqualTo(0.0005);
    assertThat(d.get("basis").asText()).isEqualTo("precision");
    assertThat(row.get("discrepancies")).hasSize(1);
    assertThat(row.at("/discrepancies/0/other/pullRequest").asInt()).isEqualTo(1);
    assertThat(row.get("badges").findValuesAsText("label"))
        .contains(
            "0.637 in .eval_results/a.yaml vs 0.488 in PR #1 (beyond the written precision"
                + " ±0.0005)");
    assertThat(json("/api/datasets/alice/bench/discrepancies?task_id=t2").get("discrepancies"))
        .isEmpty();
    String page = api.get("/datasets/alice/bench", null).body();
    assertThat(page)
        .contains("discrepancy: 0.637 in .eval_results/a.yaml vs 0.488 in PR #1")
        .contains("class=\"discrepancy-link\" href=\"/alice/gpt/discussions/1\"");

    HubApi.Response close =
        api.post(
            "/api/models/alice/gpt/discussions/1/status",
            hub.token("alice", Role.WRITE),
            "{\"status\":\"closed\",\"comment\":\"not reproducible\"}");
    assertThat(close.status()).as(close.body()).isEqualTo(200);

    assertThat(json("/api/datasets/alice/bench/discrepancies").get("discrepancies")).isEmpty();
    assertThat(json("/api/datasets/alice/bench/leaderboard?task_id=t1").get(0).has("discrepancies"))
        .isFalse();
  }

  @Test
  void aPullRequestWithinTheWrittenPrecisionIsNoDiscrepancy() {
    pushPullRequest(0.64);

    assertThat(json("/api/datasets/alice/bench/discrepancies").get("discrepancies")).isEmpty();
  }

  @Test
  void aBlankTaskIsABadRequestAndAnUnknownTaskOrBenchmarkIsNotFound() {
    assertThat(api.get("/api/datasets/alice/bench/discrepancies?task_id=", null).status())
        .isEqualTo(400);
    HubApi.Response unknownTask =
        api.get("/api/datasets/alice/bench/discrepancies?task_id=t9", null);
    assertThat(unknownTask.status()).isEqualTo(404);
    assertThat(unknownTask.body()).contains("is not a task of the benchmark");
    assertThat(api.get("/api/datasets/alice/missing/discrepancies", null).status()).isEqualTo(404);
  }
}
