package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaderboards rules 3–5 through the API and the page, on part of the 2023 MMLU table
 * (reference/leaderboards-and-statistics.md §1.2): the Original and Harness (Jan 2023) columns for
 * four models, a reference methodology (letter log-likelihood, 5-shot), a stranger's higher value
 * in a pull request, a percentage on a [0, 1] task and a result with no methodology.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderboardGroupsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORIGINAL =
      "  methodology:\n    framework: hendrycks-test\n    num_fewshot: 5\n"
          + "    scoring: loglikelihood_letter\n";
  private static final String HARNESS =
      "  methodology:\n    framework: lm-evaluation-harness\n    num_fewshot: 5\n"
          + "    scoring: loglikelihood_answer\n";

  private TestHub hub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void seed(@TempDir Path temp) throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob");
    Storage storage = hub.server().hub().storage();
    commit(
        storage,
        "datasets/alice/mmlu",
        "eval.yaml",
        "name: MMLU\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: mmlu\nevalhub:\n  tasks:\n    mmlu:\n      metric:\n"
            + "        range: [0, 1]\n      reference:\n        scoring: loglikelihood_letter\n"
            + "        num_fewshot: 5\n");
    commit(storage, "alice/llama-65b", result(0.636, ORIGINAL) + result(0.488, HARNESS));
    commit(storage, "alice/falcon-40b", result(0.558, ORIGINAL) + result(0.527, HARNESS));
    commit(storage, "alice/llama-30b", result(0.584, ORIGINAL) + result(0.457, HARNESS));
    commit(storage, "alice/llama-13b", result(0.47, ORIGINAL) + result(0.377, HARNESS));
    commit(storage, "alice/percent-model", result(63.6, ORIGINAL));
    commit(storage, "alice/bare-model", result(0.5, ""));
    Caller bob = storage.accounts().authenticate(hub.token("bob", Role.WRITE)).orElseThrow();
    storage
        .pullRequestCommits()
        .open(
            RepoId.parsePath("alice/llama-13b").orElseThrow(),
            bob.user(),
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(
                    FileChange.put(
                        ".eval_results/bob.yaml",
                        result(0.99, ORIGINAL).getBytes(StandardCharsets.UTF_8))),
                "A better number",
                new AccountName("bob")));
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void theApiListsTheReferenceGroupFirstEachRankedApartWithClaimsAndFlags() throws Exception {
    JsonNode board = json("/api/datasets/alice/mmlu/leaderboards").get(0);

    List<String> groups = new ArrayList<>();
    board
        .get("groups")
        .forEach(g -> groups.add(g.get("role").asText() + ": " + g.get("label").asText()));
    assertThat(groups)
        .containsExactly(
            "reference: reference: hendrycks-test, letter log-likelihood, 5-shot",
            "stated: lm-evaluation-harness, full-answer log-likelihood",
            "none: no methodology stated");
    List<String> rows = new ArrayList<>();
    board
        .get("entries")
        .forEach(
            e ->
                rows.add(
                    e.get("groupRole").asText()
                        + " "
                        + e.get("rank").asInt()
                        + " "
                        + e.get("modelId").asText()
                        + " "
                        + e.get("value").asDouble()));
    assertThat(rows)
        .containsExactly(
            "reference 1 alice/llama-65b 0.636",
            "reference 2 alice/llama-30b 0.584",
            "reference 3 alice/falcon-40b 0.558",
            "reference 4 alice/llama-13b 0.47",
            "stated 1 alice/falcon-40b 0.527",
            "stated 2 alice/llama-65b 0.488",
            "stated 3 alice/llama-30b 0.457",
            "stated 4 alice/llama-13b 0.377",
            "none 1 alice/bare-model 0.5");
    JsonNode owner = board.get("entries").get(3);
    assertThat(owner.has("pullRequest")).isFalse();
    assertThat(owner.get("claims").toString())
        .isEqualTo("[{\"value\":0.99,\"pullRequest\":1,\"author\":\"bob\"}]");
    JsonNode flagged = board.get("flagged").get(0);
    assertThat(flagged.get("modelId").asText()).isEqualTo("alice/percent-model");
    assertThat(flagged.get("rank").asInt()).isZero();
    assertThat(flagged.get("flag").toString())
        .isEqualTo(
            "{\"reason\":\"outside the task's range [0, 1]\","
                + "\"hint\":\"looks like a percentage on a [0, 1] task\"}");

    JsonNode hubShape = json("/api/datasets/alice/mmlu/leaderboard?task_id=mmlu");
    assertThat(hubShape.get(0).get("groupLabel").asText())
        .isEqualTo("reference: hendrycks-test, letter log-likelihood, 5-shot");
    assertThat(hubShape.toString()).doesNotContain("percent-model");
  }

  @Test
  void thePageHeadsTheReferenceFirstShowsTheClaimAndTheFlagApart() throws Exception {
    String page = get("/datasets/alice/mmlu").body();

    assertThat(page)
        .containsSubsequence(
            "Reference methodology: hendrycks-test, letter log-likelihood, 5-shot",
            "Methodology group: lm-evaluation-harness, full-answer log-likelihood",
            "No methodology stated",
            "Not ranked: values outside the task's range",
            "outside the task's range [0, 1] (looks like a percentage on a [0, 1] task)");
    assertThat(page)
        .contains(
            "community claim: 0.99 (<a href=\"/alice/llama-13b/discussions/1\" target=\"_top\">PR"
                + " #1</a> by bob)");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String result(double value, String methodology) {
    return "- dataset:\n    id: alice/mmlu\n    task_id: mmlu\n  value: "
        + value
        + "\n"
        + methodology;
  }

  private static void commit(Storage storage, String path, String content) {
    commit(storage, path, ".eval_results/mmlu.yaml", content);
  }

  private static void commit(Storage storage, String path, String file, String content) {
    RepoId id = RepoId.parsePath(path).orElseThrow();
    if (storage.repositories().find(id).isEmpty()) {
      storage.createRepository(id, false);
    }
    assertThat(
            TestStorage.commitFile(storage, id, file, content, "seed " + file, "alice")
                .isCommitted())
        .isTrue();
  }
}
