package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.TaskSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedFieldsTest {

  private final EvalFormats formats = EvalFormats.standard();

  private ResultEntry onlyEntry(String yaml) {
    Validated<?> read = formats.readResults(yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(read.errors()).isEmpty();
    return formats
        .readResults(yaml.getBytes(StandardCharsets.UTF_8))
        .value()
        .orElseThrow()
        .entries()
        .get(0);
  }

  @Test
  void stringFieldsKeepTheExactTextOfScalarsThatLookLikeNumbersOrDates() {
    ResultEntry entry =
        onlyEntry(
            """
        - dataset: {id: cais/hle, task_id: 2024, revision: 1234e56}
          value: 0x10
          date: 2025-01-15
          notes: 1.50
          methodology: {framework_version: 0.4.10, task_version: 1, model_revision: 0007}
        """);

    assertThat(entry.dataset().taskId()).isEqualTo("2024");
    assertThat(entry.dataset().revision()).isEqualTo("1234e56");
    assertThat(entry.date()).isEqualTo("2025-01-15");
    assertThat(entry.notes()).isEqualTo("1.50");
    assertThat(entry.value()).isEqualTo(16.0);
    assertThat(entry.methodology().fields())
        .containsEntry("framework_version", "0.4.10")
        .containsEntry("task_version", "1")
        .containsEntry("model_revision", "0007");
  }

  @Test
  void numbersAreReadWithTheirYamlCoreMeaning() {
    assertThat(onlyEntry("- {dataset: {id: a/b, task_id: t}, value: 20.90}").value())
        .isEqualTo(20.9);
    assertThat(onlyEntry("- {dataset: {id: a/b, task_id: t}, value: -3}").value()).isEqualTo(-3.0);
    assertThat(onlyEntry("- {dataset: {id: a/b, task_id: t}, value: 1e3}").value())
        .isEqualTo(1000.0);
    assertThat(onlyEntry("- {dataset: {id: a/b, task_id: t}, value: 0o17}").value())
        .isEqualTo(15.0);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "2025-01-15, true",
    "2025-01-15T10:00:00, true",
    "2025-01-15T10:00:00Z, true",
    "2025-01-15T10:00:00.5+02:00, true",
    "2025-01-15T10:00:00-0500, true",
    "2025-13-01, false",
    "2025-02-30, false",
    "15/01/2025, false",
    "yesterday, false",
    "2025-01-15 10:00, false"
  })
  void datesMustBeIsoDatesOrDateTimes(String date, boolean valid) {
    String yaml = "- {dataset: {id: a/b, task_id: t}, value: 1, date: '" + date + "'}";

    assertThat(formats.readResults(yaml.getBytes(StandardCharsets.UTF_8)).isValid())
        .isEqualTo(valid);
  }

  @Test
  void unknownEntryKeysAreKeptForForwardCompatibility() {
    ResultEntry entry = onlyEntry("- {dataset: {id: a/b, task_id: t}, value: 1, harness: {v: 2}}");

    assertThat(entry.extraKeys()).isEqualTo(Map.of("harness", Map.of("v", 2L)));
  }

  @Test
  void theMethodologyHashIsTheSameWhateverTheKeyOrderAndSpacing() {
    Methodology first =
        onlyEntry(
                """
        - dataset: {id: a/b, task_id: t}
          value: 1
          methodology:
            framework: lm-evaluation-harness
            num_fewshot: 5
            generation: {temperature: 0, stop: ["\\n"]}
        """)
            .methodology();
    Methodology second =
        onlyEntry(
                """
        - dataset: {id: a/b, task_id: t}
          value: 1
          methodology: {generation: {stop: ["\\n"], temperature: 0.0}, num_fewshot: 5,
                        framework: "lm-evaluation-harness"}
        """)
            .methodology();

    assertThat(first.sha256()).isEqualTo(second.sha256()).hasSize(64);
    assertThat(first.numFewshot()).isEqualTo(5L);
  }

  @Test
  void aChangedMethodologyChangesItsHash() {
    String template =
        "- {dataset: {id: a/b, task_id: t}, value: 1, methodology: {num_fewshot: %d}}";

    assertThat(onlyEntry(template.formatted(5)).methodology().sha256())
        .isNotEqualTo(onlyEntry(template.formatted(0)).methodology().sha256());
  }

  @Test
  void benchmarkDefaultsAndEvalhubSettingsAreTyped() {
    Validated<Benchmark> read =
        formats.readBenchmark(
            """
        name: WER bench
        description: Speech recognition.
        evaluation_framework: open-asr-leaderboard
        tasks:
          - id: librispeech/clean
        evalhub:
          tasks:
            librispeech/clean:
              metric: {name: wer, higher_is_better: false, range: [0, 100], kind: continuous}
              version: 2
              status: deprecated
              status_reason: superseded by v3
              invalid_versions: [1, 1.1]
        """
                .getBytes(StandardCharsets.UTF_8));

    Benchmark benchmark = read.value().orElseThrow();
    assertThat(benchmark.tasks().get(0).config()).isEqualTo("default");
    assertThat(benchmark.tasks().get(0).split()).isEqualTo("test");
    var settings = benchmark.settings("librispeech/clean");
    assertThat(settings.metric().higherIsBetter()).isFalse();
    assertThat(settings.metric().kind()).isEqualTo(TaskSettings.MetricKind.CONTINUOUS);
    assertThat(benchmark.settings("other").metric().kind()).isNull();
    assertThat(settings.version()).isEqualTo("2");
    assertThat(settings.invalidVersions()).isEqualTo(List.of("1", "1.1"));
    assertThat(benchmark.settings("other").metric().higherIsBetter()).isTrue();
  }

  @Test
  void aTaskDeclaresAnAbsoluteToleranceForDiscrepancies() {
    Benchmark benchmark =
        formats
            .readBenchmark(
                """
        name: bench
        description: A benchmark.
        evaluation_framework: math-arena
        tasks:
          - id: a
          - id: b
          - id: c
        evalhub:
          tasks:
            a:
              metric: {tolerance: 0.015}
            b:
              metric: {tolerance: 0}
        """
                    .getBytes(StandardCharsets.UTF_8))
            .value()
            .orElseThrow();

    assertThat(benchmark.settings("a").metric().tolerance()).isEqualTo(0.015);
    assertThat(benchmark.settings("b").metric().tolerance()).isZero();
    assertThat(benchmark.settings("c").metric().tolerance()).isNull();
  }

  @Test
  void aTaskNamesItsReferenceMethodologyAndTheFrameworkOutputsThatFeedIt() {
    Validated<Benchmark> read =
        formats.readBenchmark(
            """
        name: MMLU
        description: Multiple choice.
        evaluation_framework: lm-evaluation-harness
        tasks:
          - id: mmlu
        evalhub:
          tasks:
            mmlu:
              reference: {scoring: loglikelihood_letter, num_fewshot: 5}
              sources:
                - {framework: lm-evaluation-harness, task: mmlu, metric: "acc,none", scale: 100}
                - {framework: inspect-ai, task: inspect_evals/mmlu_5_shot, metric: accuracy}
        """
                .getBytes(StandardCharsets.UTF_8));

    var settings = read.value().orElseThrow().settings("mmlu");
    assertThat(settings.reference().scoring()).isEqualTo("loglikelihood_letter");
    assertThat(settings.reference().numFewshot()).isEqualTo(5L);
    assertThat(settings.sources())
        .containsExactly(
            new TaskSettings.FrameworkSource("lm-evaluation-harness", "mmlu", "acc,none", 100),
            new TaskSettings.FrameworkSource(
                "inspect-ai", "inspect_evals/mmlu_5_shot", "accuracy", 1));
  }

  @Test
  void anOperatorCanAcceptMoreFrameworks() {
    byte[] yaml =
        "{name: n, description: d, evaluation_framework: in-house, tasks: [{id: t}]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(formats.readBenchmark(yaml).isValid()).isFalse();
    assertThat(
            new EvalFormats(FormatOptions.DEFAULT.withExtraFrameworks(List.of("in-house")))
                .readBenchmark(yaml)
                .isValid())
        .isTrue();
  }

  @Test
  void aReadmeWithoutFrontMatterHoldsNoModelCardResults() {
    var card = formats.readModelCard("# Just a title\n".getBytes(StandardCharsets.UTF_8));

    assertThat(card.isValid()).isTrue();
    assertThat(card.value().orElseThrow().models()).isEmpty();
  }

  @Test
  void diagnosticsFormatAsTheSpecShows() {
    Diagnostic diagnostic =
        Diagnostic.error(7, 10, "[0].value", "value must be a number, found string \"20.9\"");

    assertThat(diagnostic.format(".eval_results/hle.yaml"))
        .isEqualTo(
            ".eval_results/hle.yaml:7:10: error: value must be a number, found string \"20.9\" (at [0].value)");
  }
}
