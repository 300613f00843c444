package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real details files of each format: the item count, and the mean of a metric over the items
 * equal to the headline value the existing reader reports for the same run.
 */
class RealDetailsFilesTest {

  static SampleScores read(Path file, String format) throws IOException {
    SampleOutcome outcome =
        SampleReaders.read(
            LogSource.of(file, file.getFileName().toString()), format, ImportLimits.DEFAULT);
    assertThat(outcome).isInstanceOf(SampleOutcome.Read.class);
    return ((SampleOutcome.Read) outcome).scores();
  }

  /** The headline value of {@code metric} the standard importer reads from {@code files}. */
  static double headline(String metric, Path... files) throws IOException {
    List<LogSource> sources = new ArrayList<>();
    for (Path file : files) {
      sources.add(LogSource.of(file, file.getParent().getFileName() + "/" + file.getFileName()));
    }
    ReadLogs read = LogImporter.standard().read(sources);
    return read.results().stream()
        .filter(r -> r.metric().equals(metric))
        .mapToDouble(LogResult::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(metric + " not in " + read.results()));
  }

  static Path lmEval(String name) {
    return Samples.root().resolve("lm-eval").resolve(name);
  }

  @Test
  void lmEvalGenerationSamplesAverageToTheResultsExactMatch() throws IOException {
    Path samples = lmEval("samples_math_perturbed_full_2026-01-21T03-44-18.458309.jsonl");
    SampleScores scores = read(samples, "lm-eval-samples");

    assertThat(scores.size()).isEqualTo(10);
    assertThat(scores.metrics()).containsExactly("exact_match");
    assertThat(scores.itemId(0)).isEqualTo("0");
    assertThat(scores.binary(0)).isTrue();
    assertThat(scores.epochs()).isEqualTo(1);
    assertThat(scores.mean(0))
        .isCloseTo(
            headline(
                "exact_match,none", lmEval("results_2026-01-21T03-44-18.458309.json"), samples),
            within(1e-12));
  }

  @Test
  void lmEvalMultipleChoiceSamplesAverageToTheResultsAccAndAccNorm() throws IOException {
    Path samples = lmEval("generated-tiny/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl");
    Path results = lmEval("generated-tiny/results_2026-11-27T16-36-41.214631.json");
    SampleScores scores = read(samples, "lm-eval-samples");

    assertThat(scores.size()).isEqualTo(8);
    assertThat(scores.metrics()).containsExactly("acc", "acc_norm");
    assertThat(scores.mean(scores.metricIndex("acc")))
        .isCloseTo(headlineOf(results, samples, "tiny_mc_letter", "acc,none"), within(1e-12));
    assertThat(scores.mean(scores.metricIndex("acc_norm")))
        .isCloseTo(headlineOf(results, samples, "tiny_mc_letter", "acc_norm,none"), within(1e-12));
  }

  @Test
  void lmEvalFilteredSamplesNameTheMetricWithTheFilter() throws IOException {
    Path samples = lmEval("generated-tiny/samples_tiny_gen_2026-11-27T16-36-41.214631.jsonl");
    Path results = lmEval("generated-tiny/results_2026-11-27T16-36-41.214631.json");
    SampleScores scores = read(samples, "lm-eval-samples");

    assertThat(scores.metrics()).containsExactly("exact_match,strict-match");
    assertThat(scores.mean(0))
        .isCloseTo(
            headlineOf(results, samples, "tiny_gen", "exact_match,strict-match"), within(1e-12));
  }

  static double headlineOf(Path results, Path samples, String task, String metric)
      throws IOException {
    List<LogSource> sources =
        List.of(
            LogSource.of(results, "run/" + results.getFileName()),
            LogSource.of(samples, "run/" + samples.getFileName()));
    ReadLogs read = LogImporter.standard().read(sources);
    return read.results().stream()
        .filter(r -> r.task().equals(task) && r.metric().equals(metric))
        .mapToDouble(LogResult::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(task + " " + metric + " not in " + read.results()));
  }

  static Path inspect(String name) {
    return Samples.root().resolve("inspect-ai").resolve(name);
  }

  @Test
  void inspectJsonChoiceScoresAverageToTheLoggedAccuracy() throws IOException {
    Path log = inspect("eee_data_arc_qwen.json");
    SampleScores scores = read(log, "inspect-json");

    assertThat(scores.size()).isEqualTo(3);
    assertThat(scores.metrics()).containsExactly("choice");
    assertThat(scores.binary(0)).isTrue();
    assertThat(scores.mean(0)).isCloseTo(headline("accuracy", log), within(1e-12));
  }

  @Test
  void inspectJsonWithStringIdsKeepsThemAsTheFileStatesThem() throws IOException {
    SampleScores scores = read(inspect("eee_data_pubmedqa_gpt4o_mini.json"), "inspect-json");

    assertThat(scores.size()).isEqualTo(2);
    assertThat(scores.itemId(0)).isEqualTo("12377809");
    assertThat(scores.itemId(1)).isEqualTo("26163474");
  }

  @Test
  void inspectMatchScoresAverageToTheLoggedAccuracy() throws IOException {
    SampleScores scores =
        read(inspect("2025-05-12T20-28-13-04-00_popularity.json"), "inspect-json");

    assertThat(scores.size()).isEqualTo(3);
    // results.scores[0].metrics.accuracy.value of the log (the importer takes no result from this
    // log, whose eval has no model): 0.6666666666666666
    assertThat(scores.mean(0)).isCloseTo(0.6666666666666666, within(1e-12));
  }

  @Test
  void inspectEvalAndJsonOfTheSameRunReadTheSameScores() throws IOException {
    SampleScores eval = read(inspect("log_formats.eval"), "inspect-eval");
    SampleScores json = read(inspect("log_formats.json"), "inspect-json");

    assertThat(eval.format()).isEqualTo("inspect-eval");
    assertThat(eval.metrics()).isEqualTo(json.metrics()).containsExactly("match");
    assertThat(eval.size()).isEqualTo(json.size()).isEqualTo(1);
    assertThat(eval.score(0, 0)).isEqualTo(json.score(0, 0)).isEqualTo(0.0);
    assertThat(eval.mean(0))
        .isCloseTo(headline("accuracy", inspect("log_formats.eval")), within(1e-12));
  }

  @Test
  void inspectEvalWithAModelGradedScoreReadsItsGrade() throws IOException {
    SampleScores scores =
        read(
            inspect("2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval"),
            "inspect-eval");

    assertThat(scores.metrics()).containsExactly("model_graded_fact");
    assertThat(scores.score(0, 0)).isEqualTo(1.0);
  }

  @Test
  void inspectEvalWithoutScoresListsItsSamplesWithNoMetric() throws IOException {
    SampleScores scores =
        read(
            inspect("2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval"),
            "inspect-eval");

    assertThat(scores.size()).isEqualTo(10);
    assertThat(scores.metrics()).isEmpty();
    assertThat(scores.itemId(0)).isEqualTo("1");
    assertThat(scores.itemId(1)).isEqualTo("10");
  }

  @Test
  void lightevalDetailsAverageToTheResultsMetrics() throws IOException {
    Path folder = Samples.root().resolve("lighteval");
    Path details =
        folder.resolve("details_community_gpqa-diamond-idk_0_2025-09-26T18-27-42.841353.parquet");
    Path results = folder.resolve("results_2025-09-26T18-27-42.841353_gpt-4.1.json");
    SampleScores scores = read(details, "lighteval-parquet");

    assertThat(scores.size()).isEqualTo(198);
    assertThat(scores.metrics())
        .containsExactly("extract_fail", "idk_freq", "idk_score", "trad_score");
    assertThat(scores.binary(scores.metricIndex("trad_score"))).isTrue();
    assertThat(scores.binary(scores.metricIndex("idk_score"))).isFalse();
    assertThat(scores.mean(scores.metricIndex("trad_score")))
        .isCloseTo(headline("trad_score", results, details), within(1e-12));
    assertThat(scores.mean(scores.metricIndex("idk_score")))
        .isCloseTo(headline("idk_score", results, details), within(1e-12));
  }

  @Test
  void helmPerInstanceExactMatchAveragesToTheRunsExactMatch() throws IOException {
    Path run = Samples.root().resolve("helm/mmlu-philosophy_multiple-choice-joint_gpt2");
    SampleScores scores = read(run.resolve("per_instance_stats.json"), "helm-per-instance");

    // ten entries, one of them (id11) on the valid split
    assertThat(scores.size()).isEqualTo(9);
    assertThat(scores.metrics()).contains("exact_match", "num_prompt_tokens");
    assertThat(scores.itemId(0)).startsWith("id");
    double headline =
        LogImporter.standard()
            .read(
                List.of(
                        "run_spec.json",
                        "scenario.json",
                        "scenario_state.json",
                        "stats.json",
                        "per_instance_stats.json")
                    .stream()
                    .map(name -> source(run, name))
                    .toList())
            .results()
            .stream()
            .filter(r -> r.metric().equals("exact_match"))
            .mapToDouble(LogResult::value)
            .findFirst()
            .orElseThrow();
    assertThat(scores.mean(scores.metricIndex("exact_match"))).isCloseTo(headline, within(1e-12));
  }

  private static LogSource source(Path run, String name) {
    try {
      return LogSource.of(run.resolve(name), "helm/" + run.getFileName() + "/" + name);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyEvalEverInstanceRecordsReadTheirEvaluationScore() throws IOException {
    SampleScores scores =
        read(
            Samples.root()
                .resolve("every-eval-ever/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl"),
            "eee-jsonl");

    assertThat(scores.size()).isEqualTo(1);
    assertThat(scores.itemId(0)).isEqualTo("demo_0001");
    assertThat(scores.metrics()).containsExactly("demo-source.demo_bench");
    assertThat(scores.score(0, 0)).isEqualTo(1.0);
    assertThat(scores.cluster(0)).isEmpty();
  }
}
