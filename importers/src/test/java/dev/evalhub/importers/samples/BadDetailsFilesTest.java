package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad details files fail with a reason that names the line, entry or instance; never throw. */
class BadDetailsFilesTest {

  private static final String LM_EVAL =
      "lm-eval/generated-tiny/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl";

  static String failure(String name, byte[] bytes, String format) {
    return failure(name, bytes, format, ImportLimits.DEFAULT);
  }

  static String failure(String name, byte[] bytes, String format, ImportLimits limits) {
    SampleOutcome outcome = SampleReaders.read(LogSource.of(name, bytes), format, limits);
    assertThat(outcome).isInstanceOf(SampleOutcome.Failed.class);
    return ((SampleOutcome.Failed) outcome).reason();
  }

  static byte[] sample(String path) throws IOException {
    return Files.readAllBytes(Samples.root().resolve(path));
  }

  static List<String> lines(String path) throws IOException {
    return Files.readAllLines(Samples.root().resolve(path));
  }

  static byte[] join(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unknownFormatIdListsTheKnownOnes() {
    assertThat(failure("x.jsonl", new byte[] {'{', '}'}, "lm-eval"))
        .isEqualTo(
            "unknown details format \"lm-eval\"; expected one of lm-eval-samples, inspect-eval,"
                + " inspect-json, eee-jsonl, lighteval-parquet, helm-per-instance");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lm-eval-samples",
        "inspect-eval",
        "inspect-json",
        "eee-jsonl",
        "lighteval-parquet",
        "helm-per-instance"
      })
  void emptyFileIsRefusedInEveryFormat(String format) {
    assertThat(failure("empty", new byte[0], format)).isEqualTo("empty: the file is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lm-eval-samples",
        "inspect-eval",
        "inspect-json",
        "eee-jsonl",
        "lighteval-parquet",
        "helm-per-instance"
      })
  void garbageIsRefusedInEveryFormat(String format) {
    byte[] garbage =
        "\u0000\u0001 not a details file at all \u00ff\n"
            .repeat(4)
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(failure("garbage.bin", garbage, format))
        .startsWith("garbage.bin (" + format + "): ");
  }

  @Test
  void truncatedJsonLinesNamesTheLastLine() throws IOException {
    byte[] whole = sample(LM_EVAL);
    byte[] cut = Arrays.copyOf(whole, whole.length - 200);

    assertThat(failure("samples.jsonl", cut, "lm-eval-samples"))
        .startsWith("samples.jsonl (lm-eval-samples): line 8: not valid JSON: ");
  }

  @Test
  void truncatedEvalArchiveSaysItHasNoCentralDirectory() throws IOException {
    byte[] whole = sample("inspect-ai/log_formats.eval");
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);

    assertThat(failure("log.eval", cut, "inspect-eval"))
        .isEqualTo(
            "log.eval (inspect-eval): not a readable zip archive: it has no"
                + " end-of-central-directory record (the file is truncated or corrupt)");
  }

  @Test
  void truncatedInspectJsonFails() throws IOException {
    byte[] whole = sample("inspect-ai/eee_data_arc_qwen.json");

    assertThat(failure("log.json", Arrays.copyOf(whole, whole.length - 100), "inspect-json"))
        .startsWith("log.json (inspect-json): not valid JSON at line ");
  }

  @Test
  void lmEvalDuplicateDocIdNamesTheSecondLine() throws IOException {
    List<String> lines = new java.util.ArrayList<>(lines(LM_EVAL));
    lines.add(lines.get(2));

    assertThat(failure("samples.jsonl", join(lines), "lm-eval-samples"))
        .isEqualTo(
            "samples.jsonl (lm-eval-samples): line 9: a second record for doc_id 2 and filter"
                + " \"none\"");
  }

  @Test
  void lmEvalNaNScoreIsRefusedWithItsLine() throws IOException {
    List<String> lines = new java.util.ArrayList<>(lines(LM_EVAL));
    lines.set(3, lines.get(3).replaceFirst("\"acc\": [0-9.]+", "\"acc\": NaN"));

    assertThat(failure("samples.jsonl", join(lines), "lm-eval-samples"))
        .isEqualTo("samples.jsonl (lm-eval-samples): line 4: acc is NaN, not a finite number");
  }

  @Test
  void lmEvalRecordWithoutDocIdIsNotTheFormat() throws IOException {
    byte[] eee = sample("every-eval-ever/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl");

    assertThat(failure("samples.jsonl", eee, "lm-eval-samples"))
        .isEqualTo(
            "samples.jsonl (lm-eval-samples): line 1: the record has no doc_id; not lm-eval"
                + " samples");
  }

  @Test
  void eeeDuplicateSampleIdIsRefused() throws IOException {
    List<String> lines =
        lines("every-eval-ever/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl");

    assertThat(failure("s.jsonl", join(List.of(lines.get(0), lines.get(0))), "eee-jsonl"))
        .isEqualTo(
            "s.jsonl (eee-jsonl): line 2: a second record for sample_id demo_0001 and"
                + " demo-source.demo_bench");
  }

  @Test
  void eeeInfiniteScoreIsRefused() throws IOException {
    String line =
        lines("every-eval-ever/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl")
            .get(0)
            .replace("\"score\": 1.0", "\"score\": Infinity");

    assertThat(failure("s.jsonl", join(List.of(line)), "eee-jsonl"))
        .isEqualTo(
            "s.jsonl (eee-jsonl): line 1: evaluation.score is Infinity, not a finite number");
  }

  @Test
  void inspectDuplicateSampleAndEpochIsRefused() throws IOException {
    String log =
        new String(sample("inspect-ai/eee_data_arc_qwen.json"), StandardCharsets.UTF_8)
            .replace("\"id\": 2,", "\"id\": 1,");

    assertThat(failure("log.json", log.getBytes(StandardCharsets.UTF_8), "inspect-json"))
        .isEqualTo(
            "log.json (inspect-json): samples[1] (sample 1, epoch 1): a second sample with this id"
                + " and epoch");
  }

  @Test
  void inspectUnknownScoreValueIsRefused() throws IOException {
    String log =
        new String(sample("inspect-ai/log_formats.json"), StandardCharsets.UTF_8)
            .replace("\"value\": \"I\"", "\"value\": \"maybe\"");

    assertThat(failure("log.json", log.getBytes(StandardCharsets.UTF_8), "inspect-json"))
        .isEqualTo(
            "log.json (inspect-json): samples[0] (sample 1, epoch 1): score match is \"maybe\","
                + " not C, I, P, N, yes/no, true/false, a boolean or a finite number");
  }

  @Test
  void helmDuplicateInstanceAndTrainTrialIsRefused() throws IOException {
    String stats =
        new String(
                sample("helm/mmlu-philosophy_multiple-choice-joint_gpt2/per_instance_stats.json"),
                StandardCharsets.UTF_8)
            .replace("\"id65\"", "\"id147\"");

    assertThat(failure("p.json", stats.getBytes(StandardCharsets.UTF_8), "helm-per-instance"))
        .isEqualTo(
            "p.json (helm-per-instance): entry 2 (instance id147, train trial 0): a second entry"
                + " for this instance and train trial");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeReading() throws IOException {
    byte[] bytes = sample(LM_EVAL);

    assertThat(
            failure(
                "s.jsonl", bytes, "lm-eval-samples", ImportLimits.DEFAULT.withMaxFileBytes(1000)))
        .isEqualTo(
            "s.jsonl: the file is "
                + bytes.length
                + " bytes; a details file may hold at most 1000");
  }

  @Test
  void aLineOverTheLineLimitIsRefusedWithItsNumber() throws IOException {
    ImportLimits limits = new ImportLimits(1 << 30, 1 << 20, 1000, 200, 100, 1 << 30, 200);

    assertThat(failure("s.jsonl", sample(LM_EVAL), "lm-eval-samples", limits))
        .isEqualTo(
            "s.jsonl (lm-eval-samples): line 1: longer than 1000 bytes, the limit for a line");
  }

  @Test
  void anEvalArchiveWithTooManyEntriesIsRefused() throws IOException {
    ImportLimits limits = new ImportLimits(1 << 30, 1 << 20, 1 << 20, 200, 3, 1 << 30, 200);

    assertThat(failure("log.eval", sample("inspect-ai/log_formats.eval"), "inspect-eval", limits))
        .isEqualTo(
            "log.eval (inspect-eval): the archive declares 6 entries; an archive may hold at"
                + " most 3");
  }

  @Test
  void aParquetThatIsNotLightevalDetailsSaysWhatIsMissing(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path parquet = dir.resolve("other.parquet");
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement statement = db.createStatement()) {
      statement.execute(
          "COPY (SELECT 1 AS x) TO '"
              + parquet.toString().replace("'", "''")
              + "' (FORMAT parquet)");
    }

    assertThat(failure("other.parquet", Files.readAllBytes(parquet), "lighteval-parquet"))
        .startsWith(
            "other.parquet (lighteval-parquet): not a readable lighteval details parquet: ");
  }
}
