package dev.evalhub.importers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Severity;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.BenchmarkMatcher.Choice;
import dev.evalhub.importers.BenchmarkMatcher.Matched;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkMatcherTest {

  private static final String LM_EVAL = "lm-evaluation-harness";

  private static Benchmark benchmark(String yaml) {
    var read = EvalFormats.standard().readBenchmark(yaml.getBytes(StandardCharsets.UTF_8));
    return read.value().orElseThrow(() -> new AssertionError(read.diagnostics()));
  }

  /** Two tasks fed by lm-eval (letter in percent) and one by Inspect. */
  private static final Benchmark TINY =
      benchmark(
          """
          name: Tiny
          description: A test benchmark.
          evaluation_framework: lm-evaluation-harness
          tasks:
            - id: letter
            - id: cloze
          evalhub:
            tasks:
              letter:
                sources:
                  - {framework: lm-evaluation-harness, task: tiny_mc_letter, metric: "acc,none", scale: 100}
                  - {framework: inspect-ai, task: tiny/letter, metric: accuracy}
              cloze:
                sources:
                  - {framework: lm-evaluation-harness, task: tiny_mc_cloze, metric: "acc,none"}
          """);

  private static final Benchmark OTHER =
      benchmark(
          """
          name: Other
          description: A test benchmark.
          evaluation_framework: lm-evaluation-harness
          tasks:
            - id: same
          evalhub:
            tasks:
              same:
                sources:
                  - {framework: lm-evaluation-harness, task: tiny_mc_cloze, metric: "acc,none"}
          """);

  private static final Benchmark NO_SOURCES =
      benchmark(
          """
          name: Plain
          description: A test benchmark.
          evaluation_framework: lm-evaluation-harness
          tasks:
            - id: only
          """);

  private static LogResult result(String task, String metric, double value, Double stderr) {
    Map<String, Object> methodology = new LinkedHashMap<>();
    methodology.put("framework", LM_EVAL);
    methodology.put("num_fewshot", 0L);
    return new LogResult(
        "results.json",
        LM_EVAL,
        task,
        metric,
        value,
        stderr,
        8L,
        "2026-11-27T16:36:41Z",
        "tiny",
        new Methodology(methodology),
        new DetailsFile(
            LogSource.of("samples.jsonl", new byte[] {1}),
            ".eval_results/details/samples_" + task + ".jsonl",
            "c".repeat(64),
            1,
            "lm-eval-samples"));
  }

  private static final LogResult LETTER = result("tiny_mc_letter", "acc,none", 0.625, 0.183);
  private static final LogResult LETTER_NORM = result("tiny_mc_letter", "acc_norm,none", 0.5, 0.18);
  private static final LogResult GEN = result("tiny_gen", "exact_match,strict-match", 0.0, 0.0);

  private final BenchmarkMatcher matcher =
      new BenchmarkMatcher(Map.of("org/tiny", TINY, "org/plain", NO_SOURCES));

  @Test
  void aResultFeedsTheTaskWhoseSourceNamesItsFrameworkTaskAndMetric() {
    Matched matched = matcher.match(List.of(LETTER), Choice.NONE);

    assertThat(matched.diagnostics()).isEmpty();
    assertThat(matched.matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.datasetId()).isEqualTo("org/tiny");
              assertThat(m.taskId()).isEqualTo("letter");
              assertThat(m.entry().dataset())
                  .isEqualTo(new ResultEntry.DatasetRef("org/tiny", "letter", null));
              assertThat(m.entry().numSamples()).isEqualTo(8L);
              assertThat(m.entry().date()).isEqualTo("2026-11-27T16:36:41Z");
              assertThat(m.entry().methodology()).isEqualTo(LETTER.methodology());
              assertThat(m.entry().details())
                  .isEqualTo(
                      new ResultEntry.Details(
                          null,
                          ".eval_results/details/samples_tiny_mc_letter.jsonl",
                          "c".repeat(64),
                          "lm-eval-samples"));
              assertThat(m.entry().source()).isNull();
            });
  }

  @Test
  void theSourcesScaleMultipliesValueAndStderrInDecimal() {
    Matched matched = matcher.match(List.of(LETTER), Choice.NONE);

    ResultEntry entry = matched.matches().get(0).entry();
    assertThat(entry.value()).isEqualTo(62.5);
    assertThat(entry.stderr()).isEqualTo(18.3);
    assertThat(BenchmarkMatcher.scaled(0.57, 100)).isEqualTo(57.0);
  }

  @Test
  void resultsThatFeedNoTaskWhileOthersDoAreOneWarning() {
    Matched matched = matcher.match(List.of(LETTER, LETTER_NORM, GEN), Choice.NONE);

    assertThat(matched.matches()).hasSize(1);
    assertThat(matched.hasErrors()).isFalse();
    assertThat(matched.diagnostics())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.format())
                    .isEqualTo(
                        "results.json: warning: 2 results feed no benchmark task and are left out:"
                            + " lm-evaluation-harness tiny_mc_letter acc_norm,none;"
                            + " lm-evaluation-harness tiny_gen exact_match,strict-match"));
  }

  @Test
  void whenNoResultFeedsATaskTheErrorListsWhatTheLogsHoldAndHowToNameTheTask() {
    Matched matched = matcher.match(List.of(LETTER_NORM, GEN), Choice.NONE);

    assertThat(matched.matches()).isEmpty();
    assertThat(matched.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.severity()).isEqualTo(Severity.ERROR);
              assertThat(d.message())
                  .contains(
                      "the logs hold: lm-evaluation-harness tiny_mc_letter acc_norm,none;"
                          + " lm-evaluation-harness tiny_gen exact_match,strict-match")
                  .contains("--benchmark NS/NAME --task ID --metric KEY");
            });
  }

  @Test
  void aResultThatFeedsSeveralTasksIsAnErrorListingThem() {
    BenchmarkMatcher two = new BenchmarkMatcher(Map.of("org/tiny", TINY, "org/other", OTHER));

    Matched matched =
        two.match(List.of(result("tiny_mc_cloze", "acc,none", 0.25, null)), Choice.NONE);

    assertThat(matched.hasErrors()).isTrue();
    assertThat(matched.diagnostics().get(0).message())
        .startsWith("lm-evaluation-harness tiny_mc_cloze acc,none feeds several benchmark tasks: ")
        .contains("org/tiny cloze")
        .contains("org/other same");
  }

  @Test
  void namingTheBenchmarkSettlesAnAmbiguity() {
    BenchmarkMatcher two = new BenchmarkMatcher(Map.of("org/tiny", TINY, "org/other", OTHER));

    Matched matched =
        two.match(
            List.of(result("tiny_mc_cloze", "acc,none", 0.25, null)),
            new Choice("org/other", null, null));

    assertThat(matched.diagnostics()).isEmpty();
    assertThat(matched.matches().get(0).taskId()).isEqualTo("same");
  }

  @Test
  void aNamedTaskTakesTheMetricKeyFromItsSourceForTheFramework() {
    Matched matched =
        matcher.match(List.of(LETTER, LETTER_NORM, GEN), new Choice("org/tiny", "letter", null));

    assertThat(matched.diagnostics()).isEmpty();
    assertThat(matched.matches()).extracting(m -> m.from()).containsExactly(LETTER);
  }

  @Test
  void aNamedTaskWithoutSourcesNeedsTheMetric() {
    Matched matched =
        matcher.match(List.of(LETTER, LETTER_NORM), new Choice("org/plain", "only", null));

    assertThat(matched.hasErrors()).isTrue();
    assertThat(matched.diagnostics().get(0).message())
        .contains("name the metric with --metric KEY")
        .contains("lm-evaluation-harness tiny_mc_letter acc,none");
  }

  @Test
  void aNamedTaskAndMetricMapAResultTheSourcesDoNotName() {
    Matched matched =
        matcher.match(
            List.of(LETTER, LETTER_NORM), new Choice("org/plain", "only", "acc_norm,none"));

    assertThat(matched.diagnostics()).isEmpty();
    assertThat(matched.matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.from()).isEqualTo(LETTER_NORM);
              assertThat(m.entry().value()).isEqualTo(0.5);
              assertThat(m.entry().dataset().id()).isEqualTo("org/plain");
            });
  }

  @Test
  void aMetricKeyThatSeveralFrameworkTasksHoldIsNamedWithTheTask() {
    LogResult cloze = result("tiny_mc_cloze", "acc,none", 0.25, null);
    Choice ambiguous = new Choice("org/plain", "only", "acc,none");

    assertThat(matcher.match(List.of(LETTER, cloze), ambiguous).diagnostics().get(0).message())
        .contains("name one with --metric TASK:KEY (e.g. --metric tiny_mc_letter:acc,none)");
    assertThat(
            matcher
                .match(
                    List.of(LETTER, cloze),
                    new Choice("org/plain", "only", "tiny_mc_cloze:acc,none"))
                .matches())
        .extracting(m -> m.from())
        .containsExactly(cloze);
  }

  @Test
  void aSingleResultIsTakenForANamedTask() {
    Matched matched = matcher.match(List.of(GEN), new Choice("org/plain", null, null));

    assertThat(matched.diagnostics()).isEmpty();
    assertThat(matched.matches().get(0).taskId()).isEqualTo("only");
  }

  @Test
  void anUnknownBenchmarkOrTaskIsAnError() {
    assertThat(matcher.match(List.of(LETTER), new Choice("org/nope", "x", null)).diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("org/nope is not registered"));
    assertThat(matcher.match(List.of(LETTER), new Choice("org/tiny", "x", null)).diagnostics())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .isEqualTo(
                        "\"x\" is not a task of the benchmark org/tiny; its tasks are letter, cloze"));
  }
}
