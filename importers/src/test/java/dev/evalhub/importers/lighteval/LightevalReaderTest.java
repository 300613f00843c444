package dev.evalhub.importers.lighteval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lighteval reader over the real sample files (golden values). */
class LightevalReaderTest {

  static final String GPT41 = "results_2025-09-26T18-27-42.841353_gpt-4.1.json";
  static final String GPT52 = "results_2025-12-12T15-11-59.471879_gpt-5.2.json";
  static final String DETAILS =
      "details_community_gpqa-diamond-idk_0_2025-09-26T18-27-42.841353.parquet";
  static final String DETAILS_SHA256 =
      "f717c5acb015bb2e4ad54c5f4a83975c780916222d5d204c46079568f6558e41";
  static final String GPQA_PROMPT_SHA256 =
      "0c5a87408a1405ca6a40375c1f5a525f1564c87711716bd35e14a3c0fc3bfc20";
  static final String LEXAM_PROMPT_SHA256 =
      "4b265746838d6a64f7d12f5c49375bef9ae0fc5878f51f5ad9303b31dc8cffde";

  static Path sample(String name) {
    return Samples.root().resolve("lighteval").resolve(name);
  }

  static LogSource source(String name) {
    try {
      return LogSource.of(sample(name), "lighteval/" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReadLogs read(LogSource... files) {
    return LogImporter.standard().read(List.of(files));
  }

  static LogResult only(ReadLogs read, String metric) {
    return read.results().stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void theGpt41RunGivesOneResultPerMetricWithItsStderrAndTheDetailsRowCount() {
    ReadLogs read = read(source(GPT41), source(DETAILS));

    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results())
        .extracting(LogResult::metric)
        .containsExactly("trad_score", "idk_score", "idk_freq", "extract_fail");
    LogResult trad = only(read, "trad_score");
    assertThat(trad.file()).isEqualTo("lighteval/" + GPT41);
    assertThat(trad.framework()).isEqualTo("lighteval");
    assertThat(trad.task()).isEqualTo("community|gpqa-diamond-idk");
    assertThat(trad.value()).isEqualTo(0.6313131313131313);
    assertThat(trad.stderr()).isEqualTo(0.034373055019806184);
    assertThat(trad.numSamples()).isEqualTo(198L);
    assertThat(trad.date()).isEqualTo("2025-09-26T18:27:42.841353Z");
    assertThat(trad.model()).isEqualTo("openrouter/openai/gpt-4.1");
    assertThat(only(read, "idk_score").value()).isEqualTo(0.2777777777777778);
    assertThat(only(read, "idk_score").stderr()).isEqualTo(0.06787896031846204);
    assertThat(only(read, "idk_freq").value()).isEqualTo(0.015151515151515152);
    assertThat(only(read, "idk_freq").stderr()).isEqualTo(0.008703213345582385);
    assertThat(only(read, "extract_fail").value()).isEqualTo(0.0);
    assertThat(only(read, "extract_fail").stderr()).isEqualTo(0.0);
  }

  @Test
  void theGpt41MethodologyIsReadFromTheConfigAndTheDetails() {
    LogResult trad = only(read(source(GPT41), source(DETAILS)), "trad_score");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("framework", "lighteval");
    expected.put("task_version", "0");
    expected.put("num_fewshot", 0L);
    expected.put("scoring", "generate_letter");
    expected.put("prompt_sha256", GPQA_PROMPT_SHA256);
    expected.put("chat_template", "applied");
    expected.put(
        "generation", Map.of("temperature", 0L, "stop", List.of("\n"), "max_tokens", 32768L));
    expected.put("inference_engine", "openrouter");
    expected.put("hf_repo", "Idavidrein/gpqa");
    expected.put("hf_subset", "gpqa_diamond");
    assertThat(trad.methodology().fields()).containsExactlyEntriesOf(expected);
  }

  @Test
  void theDetailsParquetIsAttachedWithItsHash() {
    LogResult trad = only(read(source(GPT41), source(DETAILS)), "trad_score");

    DetailsFile details = trad.details();
    assertThat(details.path()).isEqualTo(".eval_results/details/" + DETAILS);
    assertThat(details.sha256()).isEqualTo(DETAILS_SHA256);
    assertThat(details.size()).isEqualTo(501634L);
    assertThat(details.format()).isEqualTo("lighteval-parquet");
  }

  @Test
  void aParquetUploadedAsBytesIsReadLikeTheFileOnDisk() throws IOException {
    LogSource upload = LogSource.of(DETAILS, Files.readAllBytes(sample(DETAILS)));

    ReadLogs read = read(source(GPT41), upload);

    assertThat(read.diagnostics()).isEmpty();
    LogResult trad = only(read, "trad_score");
    assertThat(trad.numSamples()).isEqualTo(198L);
    assertThat(trad.methodology().scoring()).isEqualTo("generate_letter");
    assertThat(trad.details().sha256()).isEqualTo(DETAILS_SHA256);
  }

  @Test
  void theGpt52RunWithoutDetailsIsScoredFromItsLetterExtractingMetric() {
    ReadLogs read = read(source(GPT52));

    assertThat(read.diagnostics()).isEmpty();
    LogResult trad = only(read, "trad_score");
    assertThat(trad.task()).isEqualTo("community|lexam-en-idk");
    assertThat(trad.value()).isEqualTo(0.8885298869143781);
    assertThat(trad.stderr()).isEqualTo(0.012659629729084016);
    assertThat(trad.numSamples()).isNull();
    assertThat(trad.date()).isEqualTo("2025-12-12T15:11:59.471879Z");
    assertThat(trad.model()).isEqualTo("openrouter/openai/gpt-5.2");
    assertThat(trad.details()).isNull();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("framework", "lighteval");
    expected.put("task_version", "0");
    expected.put("num_fewshot", 0L);
    expected.put("scoring", "generate_letter");
    expected.put("prompt_sha256", LEXAM_PROMPT_SHA256);
    expected.put(
        "generation",
        Map.of("temperature", 0L, "stop", List.of("\n", "\n\n"), "max_tokens", 32768L));
    expected.put("inference_engine", "openrouter");
    expected.put("hf_repo", "LEXam-Benchmark/LEXam");
    expected.put("hf_subset", "mcq_4_choices");
    assertThat(trad.methodology().fields()).containsExactlyEntriesOf(expected);
    assertThat(only(read, "idk_score").value()).isEqualTo(0.7819063004846527);
    assertThat(only(read, "idk_freq").stderr()).isEqualTo(0.0027936120600150086);
  }

  @Test
  void theAllRowAndTheApiKeyOfTheConfigAreNeverImported() {
    ReadLogs read = read(source(GPT41), source(GPT52), source(DETAILS));

    assertThat(read.results()).hasSize(8).noneMatch(r -> r.task().equals("all"));
    assertThat(read.results())
        .allSatisfy(r -> assertThat(r.methodology().fields().toString()).doesNotContain("sk-or"));
    assertThat(read.results())
        .filteredOn(r -> r.model().equals("openrouter/openai/gpt-5.2"))
        .allSatisfy(r -> assertThat(r.details()).isNull());
  }

  @Test
  void theResultsFileIsFoundWhateverTheDetailsFileIsNamedWithPipes() throws IOException {
    LogSource piped =
        LogSource.of(
            "details_community|gpqa-diamond-idk|0_2025-09-26T18-27-42.841353.parquet",
            Files.readAllBytes(sample(DETAILS)));

    ReadLogs read = read(source(GPT41), piped);

    assertThat(read.diagnostics()).extracting(LogDiagnostic::format).isEmpty();
    assertThat(only(read, "trad_score").details().path())
        .isEqualTo(".eval_results/details/" + DETAILS);
  }
}
