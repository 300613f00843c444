package dev.evalhub.importers.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Golden tests: the exact results every real Inspect sample log gives. */
class InspectSamplesTest {

  static Path sample(String name) {
    return Samples.root().resolve("inspect-ai").resolve(name);
  }

  static ReadLogs read(String name) throws IOException {
    return read(name, ImportLimits.DEFAULT);
  }

  static ReadLogs read(String name, ImportLimits limits) throws IOException {
    return new LogImporter(List.of(new InspectReader()), limits)
        .read(List.of(LogSource.of(sample(name), name)));
  }

  static LogResult only(ReadLogs read) {
    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results()).hasSize(1);
    return read.results().get(0);
  }

  private static final String POPULARITY_PROMPT =
      "202ba4f49504901381faf2cafcd94e645a27b84eda2ab263320d72a7059693d1";

  @Test
  void everySampleLogIsAcceptedByTheStandardImporterAndGivesResultsOrADiagnostic()
      throws IOException {
    try (Stream<Path> files = Files.list(Samples.root().resolve("inspect-ai"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        ReadLogs read = LogImporter.standard().read(List.of(LogSource.of(file, name)));
        assertThat(read.results().size() + read.diagnostics().size()).as(name).isPositive();
        assertThat(read.diagnostics())
            .as(name)
            .noneMatch(d -> d.message().startsWith("not a log evalhub reads"));
      }
    }
  }

  @Test
  void anOldModelGradedLogIsAJudgedResult() throws IOException {
    LogResult r = only(read("2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval"));

    assertThat(r.task()).isEqualTo("input_task");
    assertThat(r.metric()).isEqualTo("accuracy");
    assertThat(r.value()).isEqualTo(1.0);
    assertThat(r.stderr()).isEqualTo(0.0);
    assertThat(r.numSamples()).isEqualTo(1L);
    assertThat(r.date()).isEqualTo("2024-11-05T18:32:37Z");
    assertThat(r.model()).isEqualTo("openai/gpt-4o-mini");
    assertThat(r.methodology().fields())
        .containsExactly(
            Map.entry("framework", "inspect-ai"),
            Map.entry("framework_version", "0.3.43.dev33+g6c96d92d"),
            Map.entry("task_version", "0"),
            Map.entry("scoring", "model_judge"),
            Map.entry(
                "prompt_sha256",
                "aaf84c73e7115945b415064f3e9b647c4da2d93c3eeea5e8ae60daa18b7ff8ea"),
            Map.entry("inference_engine", "openai"));
    assertThat(r.details().format()).isEqualTo("inspect-eval");
    assertThat(r.details().path())
        .isEqualTo(
            ".eval_results/details/2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval");
    assertThat(r.details().sha256())
        .isEqualTo("f4a629b66f34ee05fc45be4f933c040fe9f736cb99f8f2793d53791c71ce5f27");
  }

  @Test
  void aLogWithEmptyScoresSaysSoPrecisely() throws IOException {
    ReadLogs read = read("2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval");

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            "2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval!header.json:83:15:"
                + " error: results.scores is empty: the run recorded no scores (scorers: match),"
                + " so there is nothing to import (at /results/scores)");
  }

  @Test
  void aCancelledRunIsNotImported() throws IOException {
    ReadLogs read = read("2025-05-12T20-28-13-04-00_popularity.json");

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            "2025-05-12T20-28-13-04-00_popularity.json:3:13: error: the run's status is"
                + " \"cancelled\", not \"success\": only a finished run is imported (at /status)");
  }

  @Test
  void aMultipleChoiceSolverIsScoredAsGenerateLetter() throws IOException {
    LogResult qwen = only(read("eee_data_arc_qwen.json"));
    LogResult sonnet = only(read("eee_data_arc_sonnet.json"));

    assertThat(List.of(qwen, sonnet))
        .extracting(
            LogResult::task,
            LogResult::metric,
            LogResult::value,
            LogResult::stderr,
            LogResult::numSamples,
            LogResult::date,
            LogResult::model)
        .containsExactly(
            tuple(
                "inspect_evals/arc_easy",
                "accuracy",
                0.3333333333333333,
                0.33333333333333337,
                3L,
                "2025-10-20T23:12:03Z",
                "ollama/qwen2.5:0.5b"),
            tuple(
                "inspect_evals/arc_easy",
                "accuracy",
                1.0,
                0.0,
                5L,
                "2025-10-20T22:40:45Z",
                "anthropic/claude-sonnet-4-0"));
    assertThat(qwen.methodology().fields())
        .containsExactly(
            Map.entry("framework", "inspect-ai"),
            Map.entry("framework_version", "0.3.138.dev45+g23fb0e7e"),
            Map.entry("task_version", "0"),
            Map.entry("scoring", "generate_letter"),
            Map.entry(
                "prompt_sha256",
                "22b944d4f485465a91625525371cb0e542e2f99afa307578a6b05628aeaa06be"),
            Map.entry("inference_engine", "ollama"),
            Map.entry("epochs", 1L),
            Map.entry("epoch_reducer", List.of("mean")),
            Map.entry("limit", 3L),
            Map.entry("task_commit", "36190055"));
    assertThat(sonnet.methodology().string("inference_engine")).isEqualTo("anthropic");
    assertThat(sonnet.methodology().string("prompt_sha256"))
        .as("the same solver with the same (default) template")
        .isEqualTo(qwen.methodology().string("prompt_sha256"));
    assertThat(qwen.details().format()).isEqualTo("inspect-json");
    assertThat(qwen.details().sha256())
        .isEqualTo("23450a8160b8120eb2211defff283f7e867d7cb59a126c3e96f1c7c37661b06b");
    assertThat(sonnet.details().sha256())
        .isEqualTo("9567cc24a3adb1bfbf60b1dcb4132a6f76f71cb84289babbc46ecde8354aef2b");
  }

  @Test
  void aCustomMultipleChoiceTemplateGetsItsOwnPromptHash() throws IOException {
    LogResult r = only(read("eee_data_pubmedqa_gpt4o_mini.json"));

    assertThat(r.task()).isEqualTo("inspect_evals/pubmedqa");
    assertThat(r.value()).isEqualTo(1.0);
    assertThat(r.stderr()).isEqualTo(0.0);
    assertThat(r.numSamples()).as("completed_samples: the log has no scored_samples").isEqualTo(2L);
    assertThat(r.model()).isEqualTo("openai/azure/gpt-4o-mini");
    assertThat(r.methodology().scoring()).isEqualTo("generate_letter");
    assertThat(r.methodology().string("inference_engine")).isEqualTo("openai");
    assertThat(r.methodology().string("framework_version")).isEqualTo("0.3.108");
    assertThat(r.methodology().string("prompt_sha256"))
        .isEqualTo("ced74f8a78c927a425c4ddcd5cb0e78eede7dd2a3ecc0d666d418e9642e23492");
    assertThat(r.methodology().fields()).doesNotContainKey("task_commit");
    assertThat(r.details().sha256())
        .isEqualTo("b546e6135776dcf0acc343c966a678a2f47954d69d90b2a4dae3c6eaa7a7a921");
  }

  @Test
  void aScorerWithAGraderModelIsAModelJudgeNamingTheJudge() throws IOException {
    LogResult r = only(read("eee_data_with_llm_scoring.json"));

    assertThat(r.task()).isEqualTo("simpleqa_verified");
    assertThat(r.metric()).isEqualTo("accuracy");
    assertThat(r.value()).isEqualTo(0.431);
    assertThat(r.stderr()).isEqualTo(0.01566794448817344);
    assertThat(r.numSamples()).isEqualTo(1000L);
    assertThat(r.date()).isEqualTo("2026-02-06T02:15:41Z");
    assertThat(r.model()).isEqualTo("anthropic/claude-opus-4-6");
    assertThat(r.methodology().fields())
        .containsExactly(
            Map.entry("framework", "inspect-ai"),
            Map.entry("framework_version", "0.3.162"),
            Map.entry("task_version", "0"),
            Map.entry("scoring", "model_judge"),
            Map.entry(
                "prompt_sha256",
                "2fa115a2a8f4237f25bb705e00bc76461d0a98c8ffdda33509a54e17cfb1849d"),
            Map.entry("generation", Map.of("max_tokens", 128000L)),
            Map.entry("inference_engine", "anthropic"),
            Map.entry("epochs", 1L),
            Map.entry("epoch_reducer", List.of("mean")),
            Map.entry("judge", "google/gemini-2.0-flash-001"));
    assertThat(r.details().sha256())
        .isEqualTo("7c051d375bb84169b8b65676a9c92352ae7838980cbc4681fa44a62398a64f21");
  }

  @Test
  void theEvalAndJsonFormsOfOneRunGiveTheSameResultsAndPromptHash() throws IOException {
    LogResult eval = only(read("log_formats.eval"));
    LogResult json = only(read("log_formats.json"));

    for (LogResult r : List.of(eval, json)) {
      assertThat(r.task()).isEqualTo("popularity");
      assertThat(r.metric()).isEqualTo("accuracy");
      assertThat(r.value()).isEqualTo(0.0);
      assertThat(r.stderr()).isEqualTo(0.0);
      assertThat(r.numSamples()).isEqualTo(1L);
      assertThat(r.date()).isEqualTo("2024-10-15T16:53:13Z");
      assertThat(r.model()).isEqualTo("ollama/llama3.1");
    }
    assertThat(eval.methodology()).isEqualTo(json.methodology());
    assertThat(eval.methodology().fields())
        .containsExactly(
            Map.entry("framework", "inspect-ai"),
            Map.entry("framework_version", "0.3.41.dev123+g9ad2119a.d20241015"),
            Map.entry("task_version", "0"),
            Map.entry("scoring", "generate_answer"),
            Map.entry("prompt_sha256", POPULARITY_PROMPT),
            Map.entry("generation", Map.of("temperature", 1.0)),
            Map.entry("inference_engine", "ollama"),
            Map.entry("limit", 1L),
            Map.entry("task_commit", "02526f4c"));
    assertThat(eval.details().format()).isEqualTo("inspect-eval");
    assertThat(eval.details().sha256())
        .isEqualTo("13274e1d67440bdbd8d88e9400d0dd1e19d9b3b39128e3d9fee91618f116baff");
    assertThat(json.details().format()).isEqualTo("inspect-json");
    assertThat(json.details().sha256())
        .isEqualTo("b36b887e44701701d87a7bd8bac7f9fafb2804731491b3125b3917fb7968a825");
  }

  @Test
  void aToolUsingAgentRunIsAGeneratedAnswer() throws IOException {
    LogResult r = only(read("log_message_deduplication.eval"));

    assertThat(r.task()).isEqualTo("inspect_test_utils/guess_number");
    assertThat(r.value()).isEqualTo(0.0);
    assertThat(r.stderr()).isEqualTo(0.0);
    assertThat(r.numSamples()).isEqualTo(1L);
    assertThat(r.date()).isEqualTo("2025-10-06T10:15:43Z");
    assertThat(r.model()).isEqualTo("hardcoded/hardcoded");
    assertThat(r.methodology().scoring()).isEqualTo("generate_answer");
    assertThat(r.methodology().string("framework_version")).isEqualTo("0.3.135.dev2+g715e750e");
    assertThat(r.methodology().string("prompt_sha256"))
        .isEqualTo("7ba0758bbf7bd7e42c8c95ad102f0cc075aa1c91842d00d1ed3bb87fddaba904");
    assertThat(r.methodology().string("task_commit")).isEqualTo("c8ef316");
    assertThat(r.details().sha256())
        .isEqualTo("74d2314a43500fc02aa5f9824dee5ef89cf243c324c960133039f2208db7140a");
  }

  @Test
  void mmluZeroShotWithTheMultipleChoiceSolverIsGenerateLetter() throws IOException {
    LogResult r = only(read("mmlu-summary-choices.eval"));

    assertThat(r.task()).isEqualTo("inspect_evals/mmlu_0_shot");
    assertThat(r.metric()).isEqualTo("accuracy");
    assertThat(r.value()).isEqualTo(0.0);
    assertThat(r.stderr()).isEqualTo(0.0);
    assertThat(r.numSamples()).isEqualTo(1L);
    assertThat(r.date()).isEqualTo("2025-12-19T12:37:50Z");
    assertThat(r.model()).isEqualTo("openai/gpt-4o");
    assertThat(r.methodology().fields())
        .containsExactly(
            Map.entry("framework", "inspect-ai"),
            Map.entry("framework_version", "0.3.154.dev44+g32a84c8fe.d20251213"),
            Map.entry("task_version", "0"),
            Map.entry("scoring", "generate_letter"),
            Map.entry(
                "prompt_sha256",
                "d40a506fe0d8666d9a87475bef90e6e937c0bdc085da95d0048d0dbb5e402b3f"),
            Map.entry("generation", Map.of("temperature", 0.0)),
            Map.entry("inference_engine", "openai"),
            Map.entry("epochs", 1L),
            Map.entry("epoch_reducer", List.of("mean")),
            Map.entry("limit", 1L),
            Map.entry("task_commit", "de1d065be"));
    assertThat(r.methodology().numFewshot())
        .as("the task name says 0-shot, but the log records no few-shot argument")
        .isNull();
    assertThat(r.details().sha256())
        .isEqualTo("689150645cd8889e940a12fcc6d3889c6442139a9fdd01a1d86d52d5678a206e");
  }

  @Test
  void aJsonLogLargerThanADocumentIsStreamedPastItsSamplesToTheSameResult() throws IOException {
    LogResult whole = only(read("eee_data_arc_qwen.json"));
    LogResult streamed =
        only(read("eee_data_arc_qwen.json", ImportLimits.DEFAULT.withMaxDocumentBytes(16_384)));

    assertThat(streamed)
        .usingRecursiveComparison()
        .ignoringFields("details.source")
        .isEqualTo(whole);
  }
}
