package dev.evalhub.importers.helm;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HELM reader over the real sample run folder (golden values) and broken copies of it. */
class HelmReaderTest {

  static final String RUN = "mmlu-philosophy_multiple-choice-joint_gpt2";
  static final List<String> FILES =
      List.of(
          "run_spec.json",
          "scenario.json",
          "scenario_state.json",
          "stats.json",
          "per_instance_stats.json");
  static final String PER_INSTANCE_SHA256 =
      "6b444efb07af4d1bb9496e177a57d9708aacd5a9c5592c506dbfe2179da35deb";
  static final String PROMPT_SHA256 =
      "140f47532e9502ebfa064565ba7e9bfb054ebf08bf80e843879d93c444b5756b";

  static Path sample(String name) {
    return Samples.root().resolve("helm").resolve(RUN).resolve(name);
  }

  static List<LogSource> run(String... leftOut) {
    List<LogSource> files = new ArrayList<>();
    for (String name : FILES) {
      if (!List.of(leftOut).contains(name)) {
        try {
          files.add(LogSource.of(sample(name), "helm/" + RUN + "/" + name));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  static ReadLogs read(List<LogSource> files) {
    return LogImporter.standard().read(files);
  }

  static LogResult only(ReadLogs read, String metric) {
    return read.results().stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void exactMatchOfTheTestSplitIsTheHeadlineWithAStderrFromThePerInstanceStats() {
    ReadLogs read = read(run());

    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results())
        .extracting(LogResult::metric)
        .containsExactly(
            "exact_match", "quasi_exact_match", "prefix_exact_match", "quasi_prefix_exact_match");
    LogResult exact = only(read, "exact_match");
    assertThat(exact.file()).isEqualTo("helm/" + RUN + "/stats.json");
    assertThat(exact.framework()).isEqualTo("helm");
    assertThat(exact.task()).isEqualTo("mmlu:subject=philosophy,method=multiple_choice_joint");
    assertThat(exact.value()).isEqualTo(0.1111111111111111);
    // one of 9 test instances right: sqrt((1/9)(8/9)(9/8)) / sqrt(9) = 1/9
    assertThat(exact.stderr()).isCloseTo(1.0 / 9, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(exact.numSamples()).isEqualTo(9L);
    assertThat(exact.date()).isEqualTo("2025-11-05T15:02:02Z");
    assertThat(exact.model()).isEqualTo("openai/gpt2");
  }

  @Test
  void theMethodologyComesFromTheAdapterSpec() {
    LogResult exact = only(read(run()), "exact_match");

    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("temperature", 0.0);
    generation.put("max_tokens", 1L);
    generation.put("stop", List.of("\n"));
    generation.put("num_outputs", 5L);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("framework", "helm");
    expected.put("num_fewshot", 5L);
    expected.put("scoring", "generate_letter");
    expected.put("prompt_sha256", PROMPT_SHA256);
    expected.put("generation", generation);
    expected.put("model_deployment", "huggingface/gpt2");
    expected.put("num_train_trials", 1L);
    expected.put("max_eval_instances", 10L);
    assertThat(exact.methodology().fields()).containsExactlyEntriesOf(expected);
  }

  @Test
  void thePerInstanceStatsAreTheDetails() {
    DetailsFile details = only(read(run()), "exact_match").details();

    assertThat(details.path())
        .isEqualTo(
            ".eval_results/details/helm_mmlu_subject_philosophy_method_multiple_choice_joint"
                + "_model_openai_gpt2_per_instance_stats.json");
    assertThat(details.sha256()).isEqualTo(PER_INSTANCE_SHA256);
    assertThat(details.size()).isEqualTo(75277L);
    assertThat(details.format()).isEqualTo("helm-per-instance");
  }

  @Test
  void withoutPerInstanceStatsThereIsNoStderrAndTheInstanceCountComesFromStats() {
    ReadLogs read = read(run("per_instance_stats.json", "scenario_state.json"));

    assertThat(read.diagnostics()).isEmpty();
    LogResult exact = only(read, "exact_match");
    assertThat(exact.stderr()).isNull();
    assertThat(exact.numSamples()).isEqualTo(9L);
    assertThat(exact.date()).isNull();
    assertThat(exact.details()).isNull();
  }

  @Test
  void aRunFolderWithoutStatsJsonIsAnErrorOfEachOfItsFiles() {
    ReadLogs read = read(run("stats.json"));

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .contains(
            "helm/"
                + RUN
                + "/run_spec.json: error: stats.json is missing from the HELM run folder helm/"
                + RUN
                + ": a run is read from run_spec.json and stats.json together");
  }

  @Test
  void aStatMeanThatIsAStringIsAnErrorAtItsPosition() throws IOException {
    String stats = Files.readString(sample("stats.json"), StandardCharsets.UTF_8);
    String broken =
        stats.replaceFirst(
            "(\"name\": \"exact_match\",\\s*\"split\": \"test\"[^}]*}[^}]*\"mean\": )0.1111111111111111",
            "$1\"0.111\"");
    assertThat(broken).isNotEqualTo(stats);

    ReadLogs read = read(replace(run(), "stats.json", broken));

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .anySatisfy(
            d ->
                assertThat(d)
                    .matches(
                        "helm/"
                            + RUN
                            + "/stats.json:\\d+:\\d+: error: the mean of exact_match \\(test\\) is a"
                            + " string \\(\"0.111\"\\), not a finite number \\(at /\\d+/mean\\)"));
  }

  @Test
  void aNaNStatMeanIsAnError() throws IOException {
    String stats = Files.readString(sample("stats.json"), StandardCharsets.UTF_8);
    String broken =
        stats.replaceFirst(
            "(\"name\": \"exact_match\",\\s*\"split\": \"test\"[^}]*}[^}]*\"mean\": )0.1111111111111111",
            "$1NaN");

    ReadLogs read = read(replace(run(), "stats.json", broken));

    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::message)
        .contains("the mean of exact_match (test) is NaN, not a finite number");
  }

  @Test
  void aTruncatedStatsFileSaysWhereItBroke() throws IOException {
    byte[] stats = Files.readAllBytes(sample("stats.json"));
    byte[] truncated = java.util.Arrays.copyOf(stats, 1000);

    ReadLogs read =
        read(replace(run(), "stats.json", new String(truncated, StandardCharsets.UTF_8)));

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("helm/" + RUN + "/stats.json:")
                    .contains(": error: not valid JSON: Unexpected end-of-input"));
  }

  @Test
  void aStatsJsonThatIsNotAListOfStatsIsNotTakenForHelm() {
    ReadLogs read = read(replace(run(), "stats.json", "{\"samples\": 3}"));

    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .anySatisfy(
            text ->
                assertThat(text)
                    .startsWith(
                        "helm/" + RUN + "/stats.json: error: not a log evalhub reads; it reads"));
  }

  @Test
  void theTaskIsTheRunNameWithoutTheModel() {
    assertThat(
            HelmRun.task("mmlu:subject=philosophy,method=multiple_choice_joint,model=openai_gpt2"))
        .isEqualTo("mmlu:subject=philosophy,method=multiple_choice_joint");
    assertThat(HelmRun.task("boolq:model=openai_gpt2,model_deployment=huggingface_gpt2"))
        .isEqualTo("boolq");
  }

  @Test
  void theAdapterMethodGivesTheScoring() {
    assertThat(HelmMethodology.scoring("multiple_choice_joint")).isEqualTo("generate_letter");
    assertThat(HelmMethodology.scoring("multiple_choice_separate_original"))
        .isEqualTo("loglikelihood_answer");
    assertThat(HelmMethodology.scoring("multiple_choice_separate_calibrated")).isEqualTo("other");
    assertThat(HelmMethodology.scoring("generation")).isEqualTo("generate_answer");
    assertThat(HelmMethodology.scoring("language_modeling")).isEqualTo("other");
  }

  static List<LogSource> replace(List<LogSource> files, String name, String text) {
    List<LogSource> replaced = new ArrayList<>();
    for (LogSource file : files) {
      replaced.add(
          file.baseName().equals(name)
              ? LogSource.of(file.name(), text.getBytes(StandardCharsets.UTF_8))
              : file);
    }
    return replaced;
  }
}
