package dev.evalhub.importers.eee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.importers.Sniff;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EeeReaderTest {

  static final String LEADERBOARD = "98ea850e-7019-4728-a558-8b1819ec47c2.json";
  static final String DEMO = "f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40.json";
  static final String DEMO_SAMPLES = "f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl";
  static final String DEMO_SAMPLES_SHA256 =
      "6bbefcb149f63071c5d7abeb4c57f23f9a0e517dbc11f7ca4728c8b1c63e6cd8";

  static Path sample(String name) {
    return Samples.root().resolve("every-eval-ever").resolve(name);
  }

  static LogSource source(String name) throws IOException {
    return LogSource.of(sample(name), name);
  }

  static String text(String name) throws IOException {
    return Files.readString(sample(name));
  }

  static LogSource json(String name, String text) {
    return LogSource.of(name, text.getBytes(StandardCharsets.UTF_8));
  }

  static ReadLogs read(LogSource... files) {
    return LogImporter.standard().read(List.of(files));
  }

  static List<String> formatted(ReadLogs read) {
    return read.diagnostics().stream().map(LogDiagnostic::format).toList();
  }

  @Test
  void theOpenLlmLeaderboardRecordGivesOneResultPerEvaluationWithItsPrecision() throws IOException {
    ReadLogs read = read(source(LEADERBOARD));

    assertThat(read.hasErrors()).isFalse();
    assertThat(read.results())
        .extracting(LogResult::task, LogResult::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("IFEval", 0.4486),
            org.assertj.core.groups.Tuple.tuple("BBH", 0.4224),
            org.assertj.core.groups.Tuple.tuple("MATH Level 5", 0.0249),
            org.assertj.core.groups.Tuple.tuple("GPQA", 0.2743),
            org.assertj.core.groups.Tuple.tuple("MUSR", 0.419),
            org.assertj.core.groups.Tuple.tuple("MMLU-PRO", 0.1946));
    LogResult first = read.results().get(0);
    assertThat(first.framework()).isEqualTo("every-eval-ever");
    assertThat(first.metric()).isEqualTo("score");
    assertThat(first.model()).isEqualTo("TencentARC/LLaMA-Pro-8B-Instruct");
    assertThat(first.stderr()).isNull();
    assertThat(first.numSamples()).isNull();
    assertThat(first.date()).isNull();
    assertThat(first.details()).isNull();
    assertThat(first.methodology().fields()).isEqualTo(Map.of("precision", "bfloat16"));
  }

  @Test
  void anOlderSchemaVersionIsReadWithItsDifferencesAsWarnings() throws IOException {
    ReadLogs read = read(source(LEADERBOARD));

    assertThat(formatted(read))
        .containsExactly(
            LEADERBOARD
                + ":2:21: warning: schema version \"0.2.0\": evalhub reads Every Eval Ever 0.3.0;"
                + " this record is read as far as it goes and its differences from 0.3.0 are"
                + " warnings (at /schema_version)",
            LEADERBOARD
                + ":1:1: warning: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'eval_library' not found",
            LEADERBOARD
                + ":16:27: warning: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'deployment_type' not found (at /model_info/additional_details)",
            LEADERBOARD
                + ":16:27: warning: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'model_availability' not found (at /model_info/additional_details)",
            LEADERBOARD
                + ":19:26: warning: not a valid Every Eval Ever 0.3.0 record: number found, string"
                + " expected (at /model_info/additional_details/params_billions)");
  }

  @Test
  void theDemoRecordJoinsItsSamplesFileAsEeeJsonlDetails() throws IOException {
    ReadLogs read = read(source(DEMO), source(DEMO_SAMPLES));

    assertThat(read.diagnostics()).isEmpty();
    LogResult result = read.results().get(0);
    assertThat(read.results()).hasSize(1);
    assertThat(result.file()).isEqualTo(DEMO);
    assertThat(result.framework()).isEqualTo("every-eval-ever");
    assertThat(result.task()).isEqualTo("demo-source.demo_bench");
    assertThat(result.metric()).isEqualTo("accuracy");
    assertThat(result.value()).isEqualTo(0.75);
    assertThat(result.stderr()).isNull();
    assertThat(result.numSamples()).isNull();
    assertThat(result.date()).isEqualTo("2025-06-15T15:06:40Z");
    assertThat(result.model()).isEqualTo("demo-org/demo-model");
    assertThat(result.methodology().fields()).isEmpty();
    assertThat(result.details().path())
        .isEqualTo(".eval_results/details/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl");
    assertThat(result.details().sha256()).isEqualTo(DEMO_SAMPLES_SHA256);
    assertThat(result.details().size()).isEqualTo(806);
    assertThat(result.details().format()).isEqualTo("eee-jsonl");
    assertThat(result.details().source().name()).isEqualTo(DEMO_SAMPLES);
  }

  @Test
  void aRecordWithoutItsSamplesFileIsReadWithoutDetailsAndSaysSo() throws IOException {
    ReadLogs read = read(source(DEMO));

    assertThat(read.hasErrors()).isFalse();
    assertThat(read.results()).singleElement().satisfies(r -> assertThat(r.details()).isNull());
    assertThat(formatted(read))
        .containsExactly(
            DEMO
                + ":56:18: warning: the per-sample file "
                + DEMO_SAMPLES
                + " was not given with the record; its results have no details (give it too to"
                + " keep them) (at /detailed_evaluation_results/file_path)");
  }

  @Test
  void aSamplesFileWhoseChecksumDiffersIsAnErrorOfTheRecord() throws IOException {
    String changed = text(DEMO_SAMPLES).replace("demo_0001", "demo_0002");

    ReadLogs read = read(source(DEMO), json(DEMO_SAMPLES, changed));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .singleElement()
        .asString()
        .startsWith(
            DEMO
                + ":58:17: error: the checksum "
                + DEMO_SAMPLES_SHA256
                + " does not match "
                + DEMO_SAMPLES
                + ", whose sha256 is ")
        .endsWith("(at /detailed_evaluation_results/checksum)");
  }

  @Test
  void samplesLinesAreValidatedWithTheirLineNumbers() throws IOException {
    String good = text(DEMO_SAMPLES).strip();
    String noSampleId = good.replace("\"sample_id\": \"demo_0001\", ", "");
    String samples = good + "\n" + noSampleId + "\n{\"schema_version\": \"0.3.0\", \n" + good;

    ReadLogs read = read(source(DEMO), json(DEMO_SAMPLES, samples));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            DEMO_SAMPLES
                + ":2:1: error: not a valid Every Eval Ever sample record: required property"
                + " 'sample_id' not found",
            DEMO_SAMPLES
                + ":3:29: error: not valid JSON: Unexpected end-of-input within/between Object"
                + " entries",
            DEMO
                + ":56:18: error: the per-sample file "
                + DEMO_SAMPLES
                + " has errors (see them) (at /detailed_evaluation_results/file_path)");
  }

  @Test
  void aSamplesFileStopsBeingCheckedAfterTwentyProblems() throws IOException {
    StringBuilder samples = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      samples
          .append("{\"schema_version\": \"0.3.0\", \"evaluation_id\": \"x\", \"sample_id\": \"")
          .append(i)
          .append("\"}\n");
    }
    ReadLogs read = read(source(DEMO), json(DEMO_SAMPLES, samples.toString()));

    List<String> lines = formatted(read);
    assertThat(lines).hasSize(22);
    assertThat(lines.get(20))
        .isEqualTo(
            DEMO_SAMPLES + ":3: error: more than 20 problems; the rest of the file is not checked");
  }

  @Test
  void aSamplesFileGivenWithoutItsRecordIsAnError() throws IOException {
    ReadLogs read = read(source(DEMO_SAMPLES));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            DEMO_SAMPLES
                + ": error: a per-sample file without its aggregate record: give the record whose"
                + " detailed_evaluation_results.file_path names "
                + DEMO_SAMPLES
                + " with it");
  }

  @Test
  void aNanScoreIsAnErrorAtItsPosition() throws IOException {
    String record = text(DEMO).replace("\"score\": 0.75", "\"score\": NaN");

    ReadLogs read = read(json(DEMO, record));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .contains(
            DEMO
                + ":50:18: error: the score is NaN; a result needs a number (at"
                + " /evaluation_results/0/score_details/score)");
  }

  @Test
  void aNotAvailableStandardErrorIsASchemaErrorAndReadsNothing() throws IOException {
    String record =
        text(DEMO)
            .replace(
                "\"score\": 0.75",
                "\"score\": 0.75, \"uncertainty\": {\"standard_error\": {\"value\": \"N/A\"}}");

    ReadLogs read = read(json(DEMO, record));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            DEMO
                + ":50:68: error: not a valid Every Eval Ever 0.3.0 record: string found, number"
                + " expected (at /evaluation_results/0/score_details/uncertainty/standard_error"
                + "/value)",
            DEMO
                + ":56:18: warning: the per-sample file "
                + DEMO_SAMPLES
                + " was not given with the record; its results have no details (give it too to"
                + " keep them) (at /detailed_evaluation_results/file_path)");
  }

  @Test
  void aNegativeStandardErrorIsAnError() throws IOException {
    String record =
        text(DEMO)
            .replace(
                "\"score\": 0.75",
                "\"score\": 0.75, \"uncertainty\": {\"standard_error\": {\"value\": -0.1}}");

    ReadLogs read = read(json(DEMO, record));

    assertThat(formatted(read))
        .contains(
            DEMO
                + ":50:68: error: the standard error is -0.1; it must be a finite number >= 0 (at"
                + " /evaluation_results/0/score_details/uncertainty/standard_error/value)");
  }

  @Test
  void aTruncatedRecordIsAParseErrorWithItsPosition() throws IOException {
    String record = text(DEMO).substring(0, 300);

    ReadLogs read = read(json(DEMO, record));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            DEMO + ":9:34: error: not valid JSON: Unexpected end-of-input in VALUE_STRING");
  }

  @Test
  void missingRequiredKeysAreSchemaErrors() throws IOException {
    String record =
        "{\"schema_version\": \"0.3.0\", \"evaluation_results\": [{\"score_details\": {}}]}";

    ReadLogs read = read(json("r.json", record));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .contains(
            "r.json:1:1: error: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'model_info' not found",
            "r.json:1:52: error: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'evaluation_name' not found (at /evaluation_results/0)",
            "r.json:1:70: error: not a valid Every Eval Ever 0.3.0 record: required property"
                + " 'score' not found (at /evaluation_results/0/score_details)")
        .noneMatch(line -> line.contains("must name the model"));
  }

  @Test
  void whatARecordStatesBecomesTheMethodology() {
    String record =
        """
        {"schema_version": "0.3.0", "evaluation_id": "gsm8k/org_m/1", "retrieved_timestamp": "1",
         "evaluation_timestamp": "2025-01-02T03:04:05+01:00",
         "source_metadata": {"source_type": "evaluation_run", "source_organization_name": "o",
                             "evaluator_relationship": "first_party"},
         "eval_library": {"name": "inspect_ai", "version": "inspect_ai:0.3.41,openai:1.2"},
         "model_info": {"name": "m", "id": "org/m",
                        "inference_engine": {"name": "vllm", "version": "0.6.3"},
                        "additional_details": {"deployment_type": "self_deployed",
                          "model_availability": "open_weights", "dtype": "torch.bfloat16",
                          "revision": "abc123"}},
         "evaluation_results": [{
           "evaluation_name": "gsm8k", "evaluation_timestamp": "1750000000.5",
           "source_data": {"dataset_name": "gsm8k", "source_type": "hf_dataset",
                           "hf_repo": "openai/gsm8k", "samples_number": 1319},
           "metric_config": {"metric_name": "Accuracy", "lower_is_better": false,
             "llm_scoring": {"judges": [{"model_info": {"name": "j", "id": "openai/gpt-4o",
                 "additional_details": {"deployment_type": "unknown",
                                        "model_availability": "unknown"}}}],
               "input_prompt": "Grade: {answer}"}},
           "score_details": {"score": 0.5,
             "uncertainty": {"standard_error": {"value": 0.01}, "num_samples": 1000}},
           "generation_config": {
             "generation_args": {"temperature": 0.0, "top_p": null, "max_tokens": 512,
                                 "reasoning": false, "prompt_template": "Q: {question}",
                                 "execution_command": "inspect eval gsm8k"},
             "additional_details": {"num_fewshot": "5", "stop": "[]"}}}]}
        """;

    ReadLogs read = read(json("r.json", record));

    assertThat(read.diagnostics()).isEmpty();
    LogResult result = read.results().get(0);
    assertThat(result.framework()).isEqualTo("inspect-ai");
    assertThat(result.metric()).isEqualTo("Accuracy");
    assertThat(result.stderr()).isEqualTo(0.01);
    assertThat(result.numSamples()).isEqualTo(1000L);
    assertThat(result.date()).isEqualTo("2025-06-15T15:06:40.500Z");
    assertThat(result.methodology().fields())
        .isEqualTo(
            Map.ofEntries(
                Map.entry("framework", "inspect-ai"),
                Map.entry("framework_version", "0.3.41"),
                Map.entry("inference_engine", "vllm 0.6.3"),
                Map.entry("model_revision", "abc123"),
                Map.entry("precision", "bfloat16"),
                Map.entry("num_fewshot", 5L),
                Map.entry("scoring", "model_judge"),
                Map.entry(
                    "judge",
                    Map.of(
                        "models",
                        List.of("openai/gpt-4o"),
                        "prompt_sha256",
                        EeeValues.sha256Hex("Grade: {answer}"))),
                Map.entry("prompt_sha256", EeeValues.sha256Hex("Q: {question}")),
                Map.entry(
                    "generation",
                    Map.of("temperature", 0.0, "max_tokens", 512L, "reasoning", false)),
                Map.entry("command", "inspect eval gsm8k")));
  }

  @Test
  void lmEvalAndOtherLibraryNamesMapToFrameworkIds() {
    assertThat(EeeValues.frameworkId("lm_eval")).contains("lm-evaluation-harness");
    assertThat(EeeValues.frameworkId("lm-evaluation-harness")).contains("lm-evaluation-harness");
    assertThat(EeeValues.frameworkId("inspect_ai")).contains("inspect-ai");
    assertThat(EeeValues.frameworkId("HELM")).contains("helm");
    assertThat(EeeValues.frameworkId("lighteval")).contains("lighteval");
    assertThat(EeeValues.frameworkId("alpaca_eval")).contains("alpaca_eval");
    assertThat(EeeValues.frameworkId("unknown")).isEmpty();
  }

  @Test
  void aBrokenMethodologyKeyOfAnEvalhubExportIsAnError() throws IOException {
    String record =
        text(DEMO)
            .replace(
                "\"score\": 0.75\n      }",
                "\"score\": 0.75\n      },\n      \"generation_config\": {\"additional_details\":"
                    + " {\"evalhub.methodology.num_fewshot\": \"five\"}}");

    ReadLogs read = read(json(DEMO, record));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .contains(
            DEMO
                + ":52:87: error: evalhub.methodology.num_fewshot must hold a methodology value as"
                + " JSON text (Unrecognized token 'five': was expecting (JSON String, Number,"
                + " Array, Object or token 'null', 'true' or 'false')) (at"
                + " /evaluation_results/0/generation_config/additional_details"
                + "/evalhub.methodology.num_fewshot)");
  }

  @Test
  void theReaderSniffsRecordsAndSamplesFilesOnly() throws IOException {
    EeeReader reader = new EeeReader();

    assertThat(reader.accepts(Sniff.of(source(DEMO)))).isTrue();
    assertThat(reader.accepts(Sniff.of(source(LEADERBOARD)))).isTrue();
    assertThat(reader.accepts(Sniff.of(source(DEMO_SAMPLES)))).isTrue();
    assertThat(reader.accepts(Sniff.of(json("results.json", "{\"results\": {}, \"configs\": {}}"))))
        .isFalse();
    assertThat(reader.accepts(Sniff.of(json("s.jsonl", "{\"doc_id\": 0, \"doc\": {}}\n"))))
        .isFalse();
  }

  @Test
  void theSchemasInTheResourcesAreTheSamplesOnes() throws IOException {
    for (String name : List.of("eval.schema.json", "instance_level_eval.schema.json")) {
      try (var in = EeeSchema.class.getResourceAsStream(name)) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(sample(name)));
      }
    }
  }
}
