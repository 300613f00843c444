package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's methodology spread over real HTTP, API and page, on the 2023 MMLU case
 * (reference/leaderboards-and-statistics.md §1.2: HELM, Harness Jan 2023 and the original
 * implementation; §1.3: they differ in scoring, framework and prompt, all 5-shot).
 */
class SpreadApiIT {

  private static final String HELM_PROMPT = "a".repeat(64);
  private static final String HARNESS_PROMPT = "b".repeat(64);
  private static final String ORIGINAL_PROMPT = "c".repeat(64);

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("cais")
            .user("huggyllama")
            .user("tiiuae")
            .user("mallory")
            .repo("datasets/cais/mmlu", false)
            .repo("huggyllama/llama-65b", false)
            .repo("tiiuae/falcon-40b", false)
            .repo("mallory/secret-model", true);
    api = hub.api();
    commit(
        "datasets/cais/mmlu",
        "eval.yaml",
        "name: MMLU\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: mmlu\n");
    // The blog's table, two of its rows: each model measured by the three implementations.
    commit(
        "huggyllama/llama-65b",
        ".eval_results/mmlu.yaml",
        threeImplementations(0.637, 0.488, 0.636));
    commit(
        "tiiuae/falcon-40b", ".eval_results/mmlu.yaml", threeImplementations(0.571, 0.527, 0.558));
    commit("mallory/secret-model", ".eval_results/mmlu.yaml", threeImplementations(0.9, 0.8, 0.7));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    assertThat(
            TestStorage.commitFile(
                    hub.server().hub().storage(),
                    RepoId.parsePath(repo).orElseThrow(),
                    path,
                    content,
                    "seed",
                    RepoId.parsePath(repo).orElseThrow().namespace())
                .isCommitted())
        .isTrue();
  }

  private static String threeImplementations(double helm, double harness, double original) {
    return mmlu(helm, "helm", "cab5d89", "generate_letter", HELM_PROMPT, "")
        + mmlu(
            harness, "lm-evaluation-harness", "e47e01b", "loglikelihood_answer", HARNESS_PROMPT, "")
        + mmlu(
            original,
            "hendrycks-test",
            "olmer-pr-13",
            "loglikelihood_letter",
            ORIGINAL_PROMPT,
            "    inference_engine: \"<b>hf</b> & co\"\n");
  }

  private static String mmlu(
      double value, String framework, String version, String scoring, String prompt, String more) {
    return "- dataset:\n    id: cais/mmlu\n    task_id: mmlu\n  value: "
        + value
        + "\n  stderr: 0.0041\n  num_samples: 14042\n  date: \"2023-06-23\"\n  methodology:\n"
        + "    framework: "
        + framework
        + "\n    framework_version: "
        + version
        + "\n    num_fewshot: 5\n    scoring: "
        + scoring
        + "\n    prompt_sha256: "
        + prompt
        + "\n"
        + more;
  }

  private static List<Double> values(JsonNode spread) {
    List<Double> values = new ArrayList<>();
    spread.get("results").forEach(r -> values.add(r.get("value").asDouble()));
    return values;
  }

  @Test
  void llama65bOnMmluShowsTheThreeImplementationsAsThreeMeasurements() {
    HubApi.Response response =
        api.get(
            "/api/models/huggyllama/llama-65b/results/spread?dataset=cais/mmlu&task_id=mmlu", null);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.get("model").asText()).isEqualTo("huggyllama/llama-65b");
    assertThat(json.get("spreads")).hasSize(1);
    JsonNode spread = json.get("spreads").get(0);
    assertThat(spread.get("datasetId").asText()).isEqualTo("cais/mmlu");
    assertThat(spread.get("taskId").asText()).isEqualTo("mmlu");
    assertThat(values(spread)).containsExactly(0.637, 0.636, 0.488);
    List<String> differing = new ArrayList<>();
    spread.get("differing").forEach(k -> differing.add(k.asText()));
    assertThat(differing)
        .containsExactly(
            "framework", "framework_version", "scoring", "prompt_sha256", "inference_engine");
    assertThat(spread.get("common").get("num_fewshot").asInt()).isEqualTo(5);
    assertThat(spread.get("common").size()).isEqualTo(1);
    JsonNode harness = spread.get("results").get(2);
    assertThat(harness.get("n").asLong()).isEqualTo(14042);
    assertThat(harness.get("stderr").asDouble()).isEqualTo(0.0041);
    assertThat(harness.get("date").asText()).isEqualTo("2023-06-23");
    assertThat(harness.get("provenance").asText()).isEqualTo("main");
    assertThat(harness.get("verified").asBoolean()).isFalse();
    assertThat(harness.get("filename").asText()).isEqualTo(".eval_results/mmlu.yaml");
    assertThat(harness.get("differs").get("scoring").asText()).isEqualTo("loglikelihood_answer");
    assertThat(harness.get("differs").has("inference_engine"))
        .as("a key the result does not state is absent")
        .isFalse();
    assertThat(harness.get("group").get("framework").asText()).isEqualTo("lm-evaluation-harness");
    assertThat(harness.get("methodology").get("framework_version").asText()).isEqualTo("e47e01b");
  }

  @Test
  void withoutATaskEveryTaskWithMoreThanOneMethodologyIsListedForThatModelOnly() {
    JsonNode llama = api.get("/api/models/huggyllama/llama-65b/results/spread", null).json();
    JsonNode falcon =
        api.get("/api/models/tiiuae/falcon-40b/results/spread?dataset=CAIS/MMLU", null).json();

    assertThat(llama.get("spreads")).hasSize(1);
    assertThat(values(llama.get("spreads").get(0))).containsExactly(0.637, 0.636, 0.488);
    assertThat(values(falcon.get("spreads").get(0))).containsExactly(0.571, 0.558, 0.527);
    assertThat(
            api.get(
                    "/api/models/huggyllama/llama-65b/results/spread?dataset=cais/mmlu&task_id=x",
                    null)
                .json()
                .get("spreads"))
        .isEmpty();
  }

  @Test
  void badParametersAre400AndAPrivateModelIsNotFoundAsAMissingOne() {
    HubApi.Response noDataset =
        api.get("/api/models/huggyllama/llama-65b/results/spread?task_id=mmlu", null);
    assertThat(noDataset.status()).isEqualTo(400);
    assertThat(noDataset.body()).contains("task_id needs its dataset");
    assertThat(
            api.get("/api/models/huggyllama/llama-65b/results/spread?dataset=a/b/c", null).status())
        .isEqualTo(400);

    HubApi.Response secret = api.get("/api/models/mallory/secret-model/results/spread", null);
    HubApi.Response missing = api.get("/api/models/mallory/no-model/results/spread", null);
    assertThat(secret.status()).isEqualTo(404);
    assertThat(secret.body()).isEqualTo(missing.body().replace("no-model", "secret-model"));
    HubApi.Response owner =
        api.get("/api/models/mallory/secret-model/results/spread", hub.token("mallory", Role.READ));
    assertThat(owner.status()).isEqualTo(200);
    assertThat(values(owner.json().get("spreads").get(0))).containsExactly(0.9, 0.7, 0.8);
  }

  @Test
  void theModelPageShowsTheSpreadWithTheDifferingKeysHighlightedAndEscaped() {
    String page = api.get("/huggyllama/llama-65b", null).body();

    assertThat(page).contains("<h2 id=\"spread\">Methodology spread</h2>");
    String spread = page.substring(page.indexOf("<table class=\"spread\">"));
    spread = spread.substring(0, spread.indexOf("</table>"));
    assertThat(spread)
        .contains(
            "<th class=\"differs\">framework</th>",
            "<th class=\"differs\">scoring</th>",
            "<th class=\"differs\">prompt_sha256</th>",
            "<td class=\"differs\">generate_letter</td>",
            "<td class=\"differs\">loglikelihood_answer</td>",
            "<td class=\"differs\">loglikelihood_letter</td>",
            "&lt;b&gt;hf&lt;/b&gt; &amp; co",
            "<td class=\"differs\">unspecified</td>")
        .doesNotContain("<b>hf</b>");
    assertThat(spread.indexOf("0.637")).isLessThan(spread.indexOf("0.636"));
    assertThat(spread.indexOf("0.636")).isLessThan(spread.indexOf("0.488"));
    assertThat(page).contains("Common to all:</span> num_fewshot 5");
  }
}
