package dev.evalhub.importers.eee;

import static dev.evalhub.importers.eee.EeeReaderTest.DEMO;
import static dev.evalhub.importers.eee.EeeReaderTest.DEMO_SAMPLES;
import static dev.evalhub.importers.eee.EeeReaderTest.DEMO_SAMPLES_SHA256;
import static dev.evalhub.importers.eee.EeeReaderTest.LEADERBOARD;
import static dev.evalhub.importers.eee.EeeReaderTest.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EeeExportTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static Map<String, Object> fullMethodology() {
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("temperature", 0.0);
    generation.put("top_p", 1.0);
    generation.put("max_tokens", 32L);
    generation.put("stop", List.of("\n", "Q:"));
    generation.put("do_sample", false);
    generation.put("seed", 1234L);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("framework", "lm-evaluation-harness");
    m.put("framework_version", "0.4.9.2");
    m.put("task_version", "1.0");
    m.put("num_fewshot", 5L);
    m.put("scoring", "loglikelihood_letter");
    m.put("prompt_sha256", "3f2a" + "0".repeat(60));
    m.put("chat_template", "applied");
    m.put("generation", generation);
    m.put("model_revision", "7f3c1a");
    m.put("precision", "bfloat16");
    m.put("inference_engine", "vllm 0.6.3");
    m.put("seed", 1234L);
    m.put("command", "lm_eval --model hf --tasks mmlu");
    m.put("filter", "none");
    m.put("limit", 0.5);
    return m;
  }

  private static ResultEntry entry(Map<String, Object> methodology, ResultEntry.Details details) {
    return new ResultEntry(
        new ResultEntry.DatasetRef("cais/mmlu", "mmlu", "5503434d"),
        63.7,
        null,
        "2025-01-15T10:20:30Z",
        new ResultEntry.Source("https://example.org/logs", "Eval traces", "alice", null),
        "5-shot",
        0.41,
        14042L,
        new Methodology(methodology),
        details,
        Map.of());
  }

  private static LogResult readBack(byte[] record, LogSource... more) {
    List<LogSource> files = new ArrayList<>();
    files.add(LogSource.of("record.json", record));
    files.addAll(List.of(more));
    ReadLogs read = LogImporter.standard().read(files);
    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results()).hasSize(1);
    return read.results().get(0);
  }

  private static JsonNode tree(byte[] bytes) throws IOException {
    return JsonMapper.builder().build().readTree(bytes);
  }

  @Test
  void anExportOfAResultWithEverythingValidatesAgainstTheSchema() throws IOException {
    EeeExport.Result result =
        new EeeExport.Result(
            "org/model",
            "cais/mmlu",
            "mmlu",
            entry(
                fullMethodology(),
                new ResultEntry.Details(
                    null, ".eval_results/details/s.jsonl", "ab".repeat(32), "eee-jsonl")),
            "accuracy",
            false,
            ".eval_results/mmlu.yaml",
            0,
            "c".repeat(40),
            "https://hub.example/");

    JsonNode record = tree(EeeExport.bytes(result, NOW));

    assertThat(EeeSchema.aggregate().validate(record)).isEmpty();
    assertThat(record.at("/evaluation_results/0/score_details/score").doubleValue())
        .isEqualTo(63.7);
    assertThat(
            record
                .at("/evaluation_results/0/score_details/uncertainty/standard_error/value")
                .doubleValue())
        .isEqualTo(0.41);
    assertThat(record.at("/evaluation_results/0/score_details/uncertainty/num_samples").longValue())
        .isEqualTo(14042L);
    assertThat(record.at("/eval_library/name").asText()).isEqualTo("lm_eval");
    assertThat(record.at("/eval_library/version").asText()).isEqualTo("0.4.9.2");
    assertThat(record.at("/evaluation_timestamp").asText()).isEqualTo("1736936430");
    assertThat(record.at("/retrieved_timestamp").asText()).isEqualTo("1772366400");
    assertThat(record.at("/source_metadata/additional_details/evalhub.commit").asText())
        .isEqualTo("c".repeat(40));
    assertThat(record.at("/evaluation_results/0/source_data/url/0").asText())
        .isEqualTo("https://hub.example/datasets/cais/mmlu");
    assertThat(
            record
                .at("/evaluation_results/0/generation_config/additional_details")
                .get("evalhub.methodology.generation")
                .asText())
        .isEqualTo(
            "{\"temperature\":0.0,\"top_p\":1.0,\"max_tokens\":32,\"stop\":[\"\\n\",\"Q:\"],"
                + "\"do_sample\":false,\"seed\":1234}");
    assertThat(record.at("/detailed_evaluation_results/checksum").asText())
        .isEqualTo("ab".repeat(32));
    assertThat(record.at("/detailed_evaluation_results/file_path").asText())
        .matches("data/evalhub/org/model/[0-9a-f-]{36}_samples\\.jsonl");
  }

  @Test
  void aBareResultExportsAsAValidRecordToo() throws IOException {
    ResultEntry bare =
        new ResultEntry(
            new ResultEntry.DatasetRef("cais/hle", "hle", null),
            20.9,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of());

    JsonNode array =
        tree(
            EeeExport.array(
                List.of(EeeExport.Result.of("org/model", "cais/hle", "hle", bare)), NOW));

    assertThat(array.isArray()).isTrue();
    assertThat(EeeSchema.aggregate().validate(array.get(0))).isEmpty();
    assertThat(array.get(0).at("/eval_library/name").asText()).isEqualTo("unknown");
  }

  @Test
  void exportThenImportGivesTheSameValueUncertaintyDateAndMethodology() {
    ResultEntry entry = entry(fullMethodology(), null);

    LogResult back =
        readBack(
            EeeExport.bytes(
                new EeeExport.Result(
                    "org/model", "cais/mmlu", "mmlu", entry, "acc", null, null, null, null, null),
                NOW));

    assertThat(back.framework()).isEqualTo("lm-evaluation-harness");
    assertThat(back.task()).isEqualTo("mmlu");
    assertThat(back.metric()).isEqualTo("acc");
    assertThat(back.model()).isEqualTo("org/model");
    assertThat(back.value()).isEqualTo(entry.value());
    assertThat(back.stderr()).isEqualTo(entry.stderr());
    assertThat(back.numSamples()).isEqualTo(entry.numSamples());
    assertThat(back.date()).isEqualTo(entry.date());
    assertThat(back.methodology()).isEqualTo(entry.methodology());
    assertThat(back.details()).isNull();
  }

  @Test
  void aJudgedResultKeepsItsExactMethodologyThroughTheRoundTrip() {
    Map<String, Object> methodology = new LinkedHashMap<>();
    methodology.put("framework", "inspect-ai");
    methodology.put("scoring", "model_judge");
    methodology.put("judge", Map.of("models", List.of("openai/gpt-4o")));
    methodology.put("epochs", 3L);
    methodology.put("task_version", "2");
    ResultEntry entry = entry(methodology, null);

    LogResult back =
        readBack(
            EeeExport.bytes(EeeExport.Result.of("org/model", "cais/mmlu", "mmlu", entry), NOW));

    assertThat(back.framework()).isEqualTo("inspect-ai");
    assertThat(back.metric()).isEqualTo("value");
    assertThat(back.methodology().fields()).isEqualTo(methodology);
  }

  @Test
  void eeeJsonlDetailsSurviveTheRoundTripWithTheirSamplesFile() throws IOException {
    ResultEntry entry =
        entry(
            Map.of("num_fewshot", 0L),
            new ResultEntry.Details(
                null, ".eval_results/details/" + DEMO_SAMPLES, DEMO_SAMPLES_SHA256, "eee-jsonl"));
    byte[] record =
        EeeExport.bytes(EeeExport.Result.of("demo-org/demo-model", "d/s", "t", entry), NOW);

    ReadLogs read =
        LogImporter.standard()
            .read(List.of(LogSource.of("record.json", record), source(DEMO_SAMPLES)));

    assertThat(tree(record).at("/detailed_evaluation_results/file_path").asText())
        .isEqualTo("data/evalhub/demo-org/demo-model/" + DEMO_SAMPLES);
    assertThat(read.hasErrors()).isFalse();
    LogResult back = read.results().get(0);
    assertThat(back.details().path()).isEqualTo(".eval_results/details/" + DEMO_SAMPLES);
    assertThat(back.details().sha256()).isEqualTo(DEMO_SAMPLES_SHA256);
    assertThat(back.details().format()).isEqualTo("eee-jsonl");
    assertThat(back.methodology()).isEqualTo(entry.methodology());
  }

  /** What an importer would commit for a read result: the entry the export starts from. */
  private static ResultEntry entryOf(LogResult r) {
    return new ResultEntry(
        new ResultEntry.DatasetRef("evalhub/demo", r.task(), null),
        r.value(),
        null,
        r.date(),
        null,
        null,
        r.stderr(),
        r.numSamples(),
        r.methodology(),
        r.details() == null
            ? null
            : new ResultEntry.Details(
                null, r.details().path(), r.details().sha256(), r.details().format()),
        Map.of());
  }

  private static List<LogResult> reimport(ReadLogs first, LogSource... samples) {
    List<LogSource> files = new ArrayList<>();
    int i = 0;
    for (LogResult r : first.results()) {
      EeeExport.Result result =
          new EeeExport.Result(
              r.model(),
              "evalhub/demo",
              r.task(),
              entryOf(r),
              r.metric(),
              null,
              null,
              null,
              null,
              null);
      files.add(LogSource.of("export-" + i++ + ".json", EeeExport.bytes(result, NOW)));
    }
    files.addAll(List.of(samples));
    ReadLogs again = LogImporter.standard().read(files);
    assertThat(again.hasErrors()).isFalse();
    return again.results();
  }

  private static void assertSame(List<LogResult> again, List<LogResult> first) {
    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      LogResult a = again.get(i);
      LogResult b = first.get(i);
      assertThat(a.framework()).isEqualTo(b.framework());
      assertThat(a.task()).isEqualTo(b.task());
      assertThat(a.metric()).isEqualTo(b.metric());
      assertThat(a.value()).isEqualTo(b.value());
      assertThat(a.stderr()).isEqualTo(b.stderr());
      assertThat(a.numSamples()).isEqualTo(b.numSamples());
      assertThat(a.date()).isEqualTo(b.date());
      assertThat(a.model()).isEqualTo(b.model());
      assertThat(a.methodology()).isEqualTo(b.methodology());
      if (b.details() == null) {
        assertThat(a.details()).isNull();
      } else {
        assertThat(a.details().path()).isEqualTo(b.details().path());
        assertThat(a.details().sha256()).isEqualTo(b.details().sha256());
        assertThat(a.details().size()).isEqualTo(b.details().size());
        assertThat(a.details().format()).isEqualTo(b.details().format());
      }
    }
  }

  @Test
  void theOpenLlmLeaderboardRecordSurvivesImportExportImport() throws IOException {
    ReadLogs first = LogImporter.standard().read(List.of(source(LEADERBOARD)));

    assertSame(reimport(first), first.results());
  }

  @Test
  void theDemoRecordAndItsSamplesSurviveImportExportImport() throws IOException {
    ReadLogs first = LogImporter.standard().read(List.of(source(DEMO), source(DEMO_SAMPLES)));
    assertThat(first.results()).singleElement().satisfies(r -> assertThat(r.details()).isNotNull());

    List<LogResult> again = reimport(first, source(DEMO_SAMPLES));

    assertSame(again, first.results());
    assertThat(again.get(0).value()).isEqualTo(0.75);
    assertThat(again.get(0).details().sha256()).isEqualTo(DEMO_SAMPLES_SHA256);
  }
}
