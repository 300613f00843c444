package dev.evalhub.importers.lighteval;

import static dev.evalhub.importers.lighteval.LightevalReaderTest.DETAILS;
import static dev.evalhub.importers.lighteval.LightevalReaderTest.GPT41;
import static dev.evalhub.importers.lighteval.LightevalReaderTest.sample;
import static dev.evalhub.importers.lighteval.LightevalReaderTest.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken lighteval files give positioned diagnostics, never exceptions. */
class LightevalBadInputTest {

  static String gpt41() throws IOException {
    return Files.readString(sample(GPT41), StandardCharsets.UTF_8);
  }

  static LogSource text(String name, String text) {
    return LogSource.of(name, text.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> diagnostics(LogSource... files) {
    ReadLogs read = LogImporter.standard().read(List.of(files));
    return read.diagnostics().stream().map(LogDiagnostic::format).toList();
  }

  @Test
  void aTruncatedResultsFileSaysWhereItBroke() throws IOException {
    String truncated = gpt41().substring(0, 2000);

    assertThat(diagnostics(text(GPT41, truncated)))
        .singleElement()
        .asString()
        .startsWith(GPT41 + ":")
        .contains(": error: not valid JSON: Unexpected end-of-input");
  }

  @Test
  void aResultsFileWithoutConfigGeneralIsAnError() throws IOException {
    String text = gpt41().replace("\"config_general\"", "\"config_generalx\"");

    assertThat(diagnostics(text(GPT41, text)))
        .containsExactly(
            GPT41
                + ":1:1: error: no \"config_general\": a lighteval results file records the run's"
                + " model and configuration there");
  }

  @Test
  void aNaNValueIsAnErrorAtItsPointer() throws IOException {
    String text = gpt41().replaceFirst("\"trad_score\": 0.6313131313131313", "\"trad_score\": NaN");

    assertThat(diagnostics(text(GPT41, text)))
        .containsExactly(
            GPT41
                + ":43:21: error: trad_score of community|gpqa-diamond-idk|0 is NaN, not a finite"
                + " number (at /results/community|gpqa-diamond-idk|0/trad_score)");
  }

  @Test
  void aValueThatIsAStringIsAnError() throws IOException {
    String text =
        gpt41().replaceFirst("\"idk_score\": 0.2777777777777778", "\"idk_score\": \"N/A\"");

    ReadLogs read = LogImporter.standard().read(List.of(text(GPT41, text)));

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            GPT41
                + ":45:20: error: idk_score of community|gpqa-diamond-idk|0 is a string (\"N/A\"),"
                + " not a finite number (at /results/community|gpqa-diamond-idk|0/idk_score)");
  }

  @Test
  void aStderrThatIsNotANumberIsAWarningAndTheResultKeepsNoStderr() throws IOException {
    String text =
        gpt41()
            .replaceFirst(
                "\"trad_score_stderr\": 0.034373055019806184", "\"trad_score_stderr\": \"N/A\"");

    ReadLogs read = LogImporter.standard().read(List.of(text(GPT41, text)));

    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            GPT41
                + ":44:28: warning: trad_score_stderr is a string (\"N/A\"), not a finite number"
                + " >= 0; the result has no standard error (at"
                + " /results/community|gpqa-diamond-idk|0/trad_score_stderr)");
    assertThat(read.results()).hasSize(4);
    assertThat(LightevalReaderTest.only(read, "trad_score").stderr()).isNull();
  }

  @Test
  void aCorruptParquetIsAnErrorOfTheDetailsFile() throws IOException {
    byte[] bytes = Files.readAllBytes(sample(DETAILS));
    Arrays.fill(bytes, 1000, 400_000, (byte) 7);

    ReadLogs read =
        LogImporter.standard().read(List.of(source(GPT41), LogSource.of(DETAILS, bytes)));

    assertThat(read.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.file()).isEqualTo(DETAILS);
              assertThat(d.isError()).isTrue();
              assertThat(d.message()).startsWith("not a readable parquet file: ");
            });
  }

  @Test
  void aTruncatedParquetLacksItsClosingMagic() throws IOException {
    byte[] bytes = Arrays.copyOf(Files.readAllBytes(sample(DETAILS)), 10_000);

    assertThat(diagnostics(source(GPT41), LogSource.of(DETAILS, bytes)))
        .containsExactly(
            DETAILS + ": error: not a parquet file: it does not start and end with PAR1");
  }

  @Test
  void aDetailsFileOfNoResultsFileIsAWarning() {
    assertThat(diagnostics(source(DETAILS)))
        .containsExactly(
            "lighteval/"
                + DETAILS
                + ": warning: no results file of this import has task"
                + " community_gpqa-diamond-idk_0 at 2025-09-26T18-27-42.841353; the details are"
                + " not attached to any result");
  }

  @Test
  void aNumericCategoryOfAnOlderLightevalLeavesTheScoringOutWithOneWarning() throws IOException {
    String text = gpt41().replace("\"category\": \"GENERATIVE\"", "\"category\": \"3\"");

    ReadLogs read = LogImporter.standard().read(List.of(text(GPT41, text)));

    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            GPT41
                + ": warning: metric category \"3\" is not one this reader knows (older lighteval"
                + " versions wrote enum numbers whose order changed between versions); the scoring"
                + " is read from the details' sampling_methods or left out");
    assertThat(read.results()).allSatisfy(r -> assertThat(r.methodology().scoring()).isNull());
  }

  @Test
  void aTaskThatIsNotAnObjectIsAnError() {
    String text = "{\"config_general\": {}, \"results\": {\"gsm8k|5\": 0.5}, \"config_tasks\": {}}";

    assertThat(diagnostics(text("results_x.json", text)))
        .containsExactly(
            "results_x.json:1:47: error: task gsm8k|5 is 0.5, not an object (at /results/gsm8k|5)");
  }
}
