package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.domain.leaderboard.MethodologySpread.Measurement;
import dev.evalhub.domain.leaderboard.MethodologySpread.Provenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model's methodology spread, on H2 and PostgreSQL: every result of the model on a task side by
 * side, with the methodology keys that differ. The MMLU case is the 2023 table of
 * reference/leaderboards-and-statistics.md §1.2 (LLaMA-65B: HELM 0.637, Harness Jan 2023 0.488,
 * Original 0.636), with the methodology differences of §1.3 (scoring, framework, prompt).
 */
class MethodologySpreadTest {

  static final String HELM_PROMPT = "a".repeat(64);
  static final String HARNESS_PROMPT = "b".repeat(64);
  static final String ORIGINAL_PROMPT = "c".repeat(64);

  @TempDir Path dir;

  /** One 5-shot MMLU result of one implementation, as in the 2023 blog's table. */
  static String mmlu(
      double value, String framework, String version, String scoring, String prompt) {
    return result(
        "cais/mmlu",
        "mmlu",
        value,
        "  date: \"2023-06-23\"\n"
            + "  num_samples: 14042\n"
            + "  methodology:\n"
            + "    framework: "
            + framework
            + "\n    framework_version: "
            + version
            + "\n    num_fewshot: 5\n    scoring: "
            + scoring
            + "\n    prompt_sha256: "
            + prompt
            + "\n");
  }

  /** LLaMA-65B's three MMLU results of 2023 (§1.2), in one results file. */
  static String llama65b() {
    return mmlu(0.637, "helm", "cab5d89", "generate_letter", HELM_PROMPT)
        + mmlu(0.488, "lm-evaluation-harness", "e47e01b", "loglikelihood_answer", HARNESS_PROMPT)
        + mmlu(0.636, "hendrycks-test", "olmer-pr-13", "loglikelihood_letter", ORIGINAL_PROMPT);
  }

  private static IndexFixture mmluHub(String database, Path dir) {
    IndexFixture hub = IndexFixture.of(database, dir);
    hub.testStorage.users("cais", "huggyllama");
    return hub.benchmark("cais/mmlu", evalYaml("MMLU", "mmlu", "other"))
        .repo("huggyllama/llama-65b", false)
        .put("huggyllama/llama-65b", ".eval_results/mmlu.yaml", llama65b());
  }

  private static List<MethodologySpread> spreads(
      IndexFixture hub, String model, String dataset, String task) {
    return hub.index.spreads(
        RepoId.parsePath(model).orElseThrow(),
        Optional.ofNullable(dataset).map(d -> RepoId.parsePath("datasets/" + d).orElseThrow()),
        Optional.ofNullable(task));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void llama65bOnMmluIsThreeMeasurementsNotOne(String database) {
    try (IndexFixture hub = mmluHub(database, dir)) {
      List<MethodologySpread> spreads = spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "mmlu");

      assertThat(spreads).hasSize(1);
      MethodologySpread spread = spreads.get(0);
      assertThat(spread.datasetId()).isEqualTo("cais/mmlu");
      assertThat(spread.taskId()).isEqualTo("mmlu");
      assertThat(spread.groupCount()).isEqualTo(3);
      // By group key, as the leaderboard orders groups: helm, hendrycks-test,
      // lm-evaluation-harness.
      assertThat(spread.measurements())
          .extracting(
              Measurement::value,
              m -> m.methodology().get("framework"),
              m -> m.methodology().get("scoring"),
              Measurement::numSamples,
              Measurement::provenance)
          .containsExactly(
              tuple(0.637, "helm", "generate_letter", Optional.of(14042L), Provenance.MAIN),
              tuple(
                  0.636,
                  "hendrycks-test",
                  "loglikelihood_letter",
                  Optional.of(14042L),
                  Provenance.MAIN),
              tuple(
                  0.488,
                  "lm-evaluation-harness",
                  "loglikelihood_answer",
                  Optional.of(14042L),
                  Provenance.MAIN));
      assertThat(spread.differing())
          .containsExactly("framework", "framework_version", "scoring", "prompt_sha256");
      assertThat(spread.common()).containsExactly(Map.entry("num_fewshot", 5));
      assertThat(spread.measurements())
          .allSatisfy(
              m -> {
                assertThat(m.date()).contains("2023-06-23");
                assertThat(m.location().filename()).isEqualTo(".eval_results/mmlu.yaml");
                assertThat(m.group().values()).containsKeys("framework", "scoring");
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withoutATaskOnlyTasksWithMoreThanOneMethodologyAreListed(String database) {
    try (IndexFixture hub = mmluHub(database, dir)) {
      hub.put(
          "huggyllama/llama-65b",
          ".eval_results/other.yaml",
          result("cais/mmlu", "other", 0.5, "  notes: first\n")
              + result("cais/mmlu", "other", 0.6, "  notes: second\n"));

      assertThat(spreads(hub, "huggyllama/llama-65b", null, null))
          .extracting(MethodologySpread::taskId, s -> s.measurements().size())
          .containsExactly(tuple("mmlu", 3));
      assertThat(spreads(hub, "huggyllama/llama-65b", "CAIS/MMLU", null))
          .as("a dataset in any case, without a task")
          .extracting(MethodologySpread::taskId)
          .containsExactly("mmlu");
      assertThat(spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "other"))
          .as("a task named explicitly is listed with one group")
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.groupCount()).isEqualTo(1);
                assertThat(s.measurements())
                    .extracting(Measurement::value)
                    .containsExactly(0.5, 0.6);
                assertThat(s.differing()).isEmpty();
                assertThat(s.common()).isEmpty();
              });
      assertThat(spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "nothing")).isEmpty();
      assertThat(spreads(hub, "huggyllama/no-such-model", null, null)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void anOpenPullRequestAddsItsOwnMeasurementAndCopiesOfMainCountOnce(String database) {
    try (IndexFixture hub = mmluHub(database, dir)) {
      int pr =
          hub.pullRequest(
              "huggyllama/llama-65b",
              ".eval_results/mmlu.yaml",
              llama65b()
                  + mmlu(
                      0.634,
                      "lm-evaluation-harness",
                      "0.4.2",
                      "loglikelihood_letter",
                      "d".repeat(64)));

      List<Measurement> measurements =
          spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "mmlu").get(0).measurements();
      assertThat(measurements).hasSize(4);
      assertThat(measurements)
          .filteredOn(m -> m.provenance() == Provenance.PULL_REQUEST)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.value()).isEqualTo(0.634);
                assertThat(m.location().pullRequest()).contains(new PrNumber(pr));
              });

      hub.closePullRequest("huggyllama/llama-65b", pr);
      assertThat(spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "mmlu").get(0).measurements())
          .as("a closed pull request's results are no measurement")
          .hasSize(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aVerifiedResultIsSaidSoAndAResultWithoutMethodologyDiffersInEveryKey(String database) {
    try (IndexFixture hub = mmluHub(database, dir)) {
      String token = IndexFixture.token(hub.key, "huggyllama/llama-65b", "cais/mmlu", "other", 0.5);
      hub.put(
          "huggyllama/llama-65b",
          ".eval_results/other.yaml",
          result("cais/mmlu", "other", 0.5, "  verifyToken: " + token + "\n")
              + result("cais/mmlu", "other", 0.6, "  methodology:\n    num_fewshot: 0\n"));

      MethodologySpread spread = spreads(hub, "huggyllama/llama-65b", "cais/mmlu", "other").get(0);
      assertThat(spread.measurements())
          .extracting(Measurement::value, Measurement::provenance)
          .containsExactlyInAnyOrder(tuple(0.5, Provenance.VERIFIED), tuple(0.6, Provenance.MAIN));
      assertThat(spread.differing()).containsExactly("num_fewshot");
      assertThat(spread.common()).isEmpty();
    }
  }
}
