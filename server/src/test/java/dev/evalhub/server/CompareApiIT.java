package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.DetailsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uncertainty, statistical ranks and the comparison of two models over real HTTP, on a binary task
 * ({@code metric: {kind: binary, range: [0, 1]}}) of 400 items: four public models with stated
 * values (three with the file's {@code stderr}, one with only {@code num_samples}), a private one,
 * and two more with per-sample lm-eval details of 60 items.
 */
class CompareApiIT {

  private static final String EVAL_YAML =
      "name: BoolQ\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: boolq\nevalhub:\n  tasks:\n    boolq:\n      metric:\n"
          + "        kind: binary\n        range: [0, 1]\n";

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("acme")
            .user("mallory")
            .repo("datasets/acme/boolq", false)
            .repo("acme/strong", false)
            .repo("acme/close", false)
            .repo("acme/middle", false)
            .repo("acme/weak", false)
            .repo("mallory/secret", true);
    api = hub.api();
    commit("datasets/acme/boolq", "eval.yaml", EVAL_YAML);
    commit("acme/strong", ".eval_results/boolq.yaml", result(0.80, "  stderr: 0.02\n"));
    commit("acme/close", ".eval_results/boolq.yaml", result(0.79, ""));
    commit("acme/middle", ".eval_results/boolq.yaml", result(0.70, "  stderr: 0.0229\n"));
    commit("acme/weak", ".eval_results/boolq.yaml", result(0.45, "  stderr: 0.0249\n"));
    commit("mallory/secret", ".eval_results/boolq.yaml", result(0.99, "  stderr: 0.005\n"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    assertThat(
            TestStorage.commitFile(
                    hub.server().hub().storage(), id, path, content, "seed", id.namespace())
                .isCommitted())
        .isTrue();
  }

  private static String result(double value, String more) {
    return "- dataset:\n    id: acme/boolq\n    task_id: boolq\n  value: "
        + value
        + "\n  num_samples: 400\n"
        + more;
  }

  private Map<String, JsonNode> rows() {
    HubApi.Response response = api.get("/api/datasets/acme/boolq/leaderboard", null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    Map<String, JsonNode> rows = new HashMap<>();
    response.json().forEach(row -> rows.put(row.get("modelId").asText(), row));
    return rows;
  }

  @Test
  void everyRowCarriesItsIntervalAndTheTiersTheTestsSupport() {
    Map<String, JsonNode> rows = rows();

    assertThat(rows).containsOnlyKeys("acme/strong", "acme/close", "acme/middle", "acme/weak");
    JsonNode strong = rows.get("acme/strong");
    assertThat(strong.get("n").asLong()).isEqualTo(400);
    assertThat(strong.get("stderr").asDouble()).isEqualTo(0.02);
    assertThat(strong.get("stderrSource").asText()).isEqualTo("file");
    // A stated standard error gives the interval the tests use: 0.8 ± 1.96 × 0.02.
    assertThat(strong.get("ci").get("method").asText()).isEqualTo("normal");
    assertThat(strong.get("ci").get("level").asDouble()).isEqualTo(0.95);
    assertThat(strong.get("ci").get("lower").asDouble()).isBetween(0.75, 0.80);
    assertThat(strong.get("ci").get("upper").asDouble()).isBetween(0.80, 0.85);
    assertThat(strong.get("rankUpper").asInt()).isEqualTo(1);
    assertThat(strong.get("tier").asInt()).isEqualTo(1);
    assertThat(strong.has("tierTest")).isFalse();
    JsonNode close = rows.get("acme/close");
    assertThat(close.get("stderrSource").asText()).isEqualTo("binomial");
    assertThat(close.get("stderr").asDouble())
        .isCloseTo(Math.sqrt(0.79 * 0.21 / 400), within(1e-9));
    assertThat(close.get("tier").asInt()).as("0.79 cannot be told from 0.80").isEqualTo(1);
    assertThat(close.get("rankUpper").asInt()).isEqualTo(1);
    JsonNode middle = rows.get("acme/middle");
    assertThat(middle.get("tier").asInt()).isEqualTo(2);
    assertThat(middle.get("tierTest").asText()).isEqualTo("unpaired-z");
    assertThat(middle.get("rankUpper").asInt()).isEqualTo(3);
    assertThat(rows.get("acme/weak").get("tier").asInt()).isEqualTo(3);
    assertThat(rows.get("acme/weak").get("rankUpper").asInt()).isEqualTo(4);
  }

  @Test
  void theBenchmarkListingNamesTheTasksMetricKind() {
    HubApi.Response response = api.get("/api/datasets?filter=benchmark:official", null);

    assertThat(response.body()).contains("\"metricKind\":\"binary\"");
  }

  @Test
  void theLeaderboardsWrapperSaysWhatEachGroupsRanksRestOn() {
    JsonNode board = api.get("/api/datasets/acme/boolq/leaderboards", null).json().get(0);

    JsonNode statistics = board.get("statistics");
    assertThat(statistics).hasSize(1);
    JsonNode group = statistics.get(0);
    assertThat(group.get("group").asText())
        .isEqualTo(board.get("groups").get(0).get("key").asText());
    assertThat(group.get("rankedRows").asInt()).isEqualTo(4);
    assertThat(group.get("testsByMethod").get("unpaired-z").asInt()).isEqualTo(6);
    assertThat(group.get("notEstablished").asInt()).isZero();
    assertThat(group.get("alpha").asDouble()).isEqualTo(0.05);
    assertThat(group.get("n").asLong()).isEqualTo(400);
    assertThat(group.get("minimumDetectableDifference").asDouble()).isBetween(0.05, 0.15);
  }

  @Test
  void twoStatedResultsAreComparedByAnUnpairedZTestOnTheirStandardErrors() {
    HubApi.Response response =
        api.get("/api/datasets/acme/boolq/compare?task_id=boolq&a=acme/middle&b=acme/strong", null);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.get("datasetId").asText()).isEqualTo("acme/boolq");
    assertThat(json.get("taskId").asText()).isEqualTo("boolq");
    assertThat(json.get("a").get("modelId").asText()).isEqualTo("acme/middle");
    assertThat(json.get("b").get("modelId").asText()).isEqualTo("acme/strong");
    assertThat(json.get("group").has("key")).isTrue();
    JsonNode test = json.get("test");
    assertThat(test.get("method").asText()).isEqualTo("unpaired-z");
    assertThat(test.get("difference").asDouble()).as("A − B").isCloseTo(-0.1, within(1e-9));
    assertThat(test.get("ci").get("upper").asDouble()).isNegative();
    // z = 0.1 / √(0.02² + 0.0229²) = 3.289; two-sided p = erfc(z / √2)
    assertThat(test.get("pValue").asDouble()).isCloseTo(0.0010053, within(1e-6));
    assertThat(json.has("notEstablished")).isFalse();
    assertThat(json.has("items")).isFalse();
    assertThat(json.has("itemCounts")).as("no details, no items").isFalse();
    assertThat(test.has("common")).as("no paired items in an unpaired test").isFalse();
    assertThat(test.has("aBetter")).isFalse();

    JsonNode swapped =
        api.get("/api/datasets/acme/boolq/compare?task_id=boolq&a=acme/strong&b=acme/middle", null)
            .json()
            .get("test");
    assertThat(swapped.get("difference").asDouble()).isCloseTo(0.1, within(1e-9));
    assertThat(swapped.get("pValue").asDouble()).isEqualTo(test.get("pValue").asDouble());
  }

  @Test
  void badInputIs400AndWhatCannotBeComparedIs404() {
    String base = "/api/datasets/acme/boolq/compare?";
    assertError(base + "a=acme/strong&b=acme/weak", 400, "task_id is required");
    assertError(base + "task_id=boolq&b=acme/weak", 400, "a is required");
    assertError(base + "task_id=boolq&a=acme/weak&b=", 400, "b is required");
    assertError(
        base + "task_id=boolq&a=strong&b=acme/weak",
        400,
        "a must be a model id NS/NAME, got \"strong\"");
    assertError(
        base + "task_id=boolq&a=acme/strong&b=datasets/acme/boolq",
        400,
        "b must be a model id NS/NAME, got \"datasets/acme/boolq\"");
    assertError(base + "task_id=boolq&a=acme/strong&b=ACME/Strong", 400, "two different models");
    assertError(
        base + "task_id=boolq&a=acme/strong&a=acme/middle&b=acme/weak",
        400,
        "a is given more than once");
    assertError(
        base + "task_id=boolq&a=acme/strong&b=acme/weak&items=some", 400, "items must be one of");
    assertError(base + "task_id=nope&a=acme/strong&b=acme/weak", 404, "nope");
    assertError(
        "/api/datasets/acme/missing/compare?task_id=boolq&a=acme/strong&b=acme/weak", 404, "");
    assertError(
        base + "task_id=boolq&a=acme/strong&b=acme/weak&group=framework=x", 404, "framework=x");

    HubApi.Response secret = api.get(base + "task_id=boolq&a=acme/strong&b=mallory/secret", null);
    HubApi.Response missing = api.get(base + "task_id=boolq&a=acme/strong&b=mallory/none", null);
    assertThat(secret.status()).isEqualTo(404);
    assertThat(secret.body()).isEqualTo(missing.body().replace("mallory/none", "mallory/secret"));
    assertThat(secret.body()).contains("have no ranked results");
  }

  private void assertError(String path, int status, String message) {
    HubApi.Response response = api.get(path, null);
    assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(status);
    assertThat(response.json().get("error").asText()).contains(message);
  }

  @Test
  void twoModelsWithPerSampleDetailsAreComparedByMcNemarsExactTestItemByItem() throws Exception {
    hub.repo("acme/paired-a", false).repo("acme/paired-b", false);
    int[] a = new int[60];
    int[] b = new int[60];
    for (int i = 0; i < 60; i++) {
      a[i] = i < 48 ? 1 : 0; // 0.8
      b[i] = i < 36 || i >= 57 ? 1 : 0; // 0.65: 12 items only A has right, 3 only B
    }
    pushWithDetails("acme/paired-a", 0.8, a);
    pushWithDetails("acme/paired-b", 0.65, b);

    HubApi.Response response =
        api.get(
            "/api/datasets/acme/boolq/compare?task_id=boolq&a=acme/paired-a&b=acme/paired-b"
                + "&items=b_better",
            null);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode json = response.json();
    JsonNode test = json.get("test");
    assertThat(test.get("method").asText()).isEqualTo("mcnemar-exact");
    assertThat(test.get("common").asInt()).isEqualTo(60);
    assertThat(test.get("aBetter").asInt()).isEqualTo(12);
    assertThat(test.get("bBetter").asInt()).isEqualTo(3);
    assertThat(test.get("difference").asDouble()).isCloseTo(0.15, within(1e-9));
    // exact two-sided binomial: 2 · P(X ≤ 3), X ~ Bin(15, 1/2) = 2 · 576 / 32768
    assertThat(test.get("pValue").asDouble()).isCloseTo(1152.0 / 32768, within(1e-9));
    assertThat(json.get("a").get("samples").asInt()).isEqualTo(60);
    assertThat(json.get("a").get("stderrSource").asText()).isEqualTo("details");
    JsonNode counts = json.get("itemCounts");
    assertThat(counts.get("common").asInt()).isEqualTo(60);
    assertThat(counts.get("aBetter").asInt()).isEqualTo(12);
    assertThat(counts.get("bBetter").asInt()).isEqualTo(3);
    assertThat(counts.get("same").asInt()).isEqualTo(45);
    assertThat(json.get("items")).hasSize(3);
    json.get("items")
        .forEach(
            item -> {
              assertThat(item.get("a").asDouble()).isZero();
              assertThat(item.get("b").asDouble()).isEqualTo(1.0);
            });
  }

  @Test
  void theComparePageListsTheItemsAFilterKeepsAndTheBenchmarkPageLinksIt() throws Exception {
    hub.repo("acme/paired-a", false).repo("acme/paired-b", false);
    int[] a = new int[60];
    int[] b = new int[60];
    for (int i = 0; i < 60; i++) {
      a[i] = i < 48 ? 1 : 0;
      b[i] = i < 36 || i >= 57 ? 1 : 0;
    }
    pushWithDetails("acme/paired-a", 0.8, a);
    pushWithDetails("acme/paired-b", 0.65, b);

    HubApi.Response page =
        api.get(
            "/datasets/acme/boolq/compare?task_id=boolq&a=acme/paired-a&b=acme/paired-b"
                + "&filter=b_better",
            null);

    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "A − B = <strong>0.15</strong>, 95% CI [",
            "McNemar's exact test (paired, per item), two-sided p = <strong>0.0352</strong>",
            "A scored higher on <strong>12</strong> (b) and B on <strong>3</strong> (c)",
            "<strong>B better (3)</strong>",
            ">A better (12)</a>",
            ">all (60)</a>",
            "<tr><td>57</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>");
    assertThat(page.body().split("<tr><td>", -1)).hasSize(4);

    String benchmark = api.get("/datasets/acme/boolq", null).body();
    assertThat(benchmark)
        .contains(
            "Tiers decided by",
            "Holm-corrected at α = 0.05",
            "cannot be told apart with 80% power",
            "class=\"chart error-bars\"",
            "compare with #1")
        .contains("&amp;a=acme/weak&amp;b=acme/")
        .doesNotContain("for 0 pairs");
  }

  @Test
  void theComparePageAnswersBadInputAndPrivateModelsAsTheApiDoes() {
    String base = "/datasets/acme/boolq/compare?";
    HubApi.Response noTask = api.get(base + "a=acme/strong&b=acme/weak", null);
    assertThat(noTask.status()).isEqualTo(400);
    assertThat(noTask.body()).contains("task_id is required");
    HubApi.Response badFilter =
        api.get(base + "task_id=boolq&a=acme/strong&b=acme/weak&filter=x", null);
    assertThat(badFilter.status()).isEqualTo(400);
    assertThat(badFilter.body()).contains("filter must be one of");
    HubApi.Response secret = api.get(base + "task_id=boolq&a=acme/strong&b=mallory/secret", null);
    HubApi.Response missing = api.get(base + "task_id=boolq&a=acme/strong&b=mallory/none", null);
    assertThat(secret.status()).isEqualTo(404);
    assertThat(secret.body()).isEqualTo(missing.body().replace("mallory/none", "mallory/secret"));
    HubApi.Response unpaired = api.get(base + "task_id=boolq&a=acme/middle&b=acme/strong", null);
    assertThat(unpaired.body())
        .contains("unpaired z-test on the standard errors, two-sided p = <strong>0.00101</strong>")
        .doesNotContain("Common items");
  }

  private void pushWithDetails(String model, double value, int[] correct) throws IOException {
    Path file = DetailsFiles.lmEvalSamples(Files.createTempDirectory(temp, "d"), "boolq", correct);
    String content = Files.readString(file, StandardCharsets.UTF_8);
    commit(model, "details/samples_boolq.jsonl", content);
    commit(
        model,
        ".eval_results/boolq.yaml",
        "- dataset:\n    id: acme/boolq\n    task_id: boolq\n  value: "
            + value
            + "\n  num_samples: 60\n  details:\n    path: details/samples_boolq.jsonl\n"
            + "    sha256: "
            + sha256(content.getBytes(StandardCharsets.UTF_8))
            + "\n    format: lm-eval-samples\n");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
