package dev.evalhub.verification;

import static dev.evalhub.verification.Fixtures.MODEL;
import static dev.evalhub.verification.Fixtures.SIGNER;
import static dev.evalhub.verification.Fixtures.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResultsFileSignerTest {

  private static final ResultsFileSigner FILE_SIGNER = new ResultsFileSigner(SIGNER);
  private static final Pattern TOKEN =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^ *verifyToken:.*\\R");

  @Test
  void signingTheHubSampleReplacesOnlyTheTokenAndKeepsEveryComment() throws Exception {
    String sample = Files.readString(Fixtures.sample("hub-docs__example__eval_results__full.yaml"));

    String signed = FILE_SIGNER.sign(sample, MODEL).value().orElseThrow();

    assertThat(TOKEN.matcher(signed).replaceAll("<token>")).isEqualTo(sample);
  }

  @Test
  void everyTokenOfTheSignedSampleVerifies() throws Exception {
    String sample = Files.readString(Fixtures.sample("hub-docs__example__eval_results__full.yaml"));

    String signed = FILE_SIGNER.sign(sample, MODEL).value().orElseThrow();

    assertThat(entries(signed))
        .isNotEmpty()
        .allSatisfy(
            entry -> assertThat(VERIFIER.verify(Fixtures.MODEL_ID, entry).verified()).isTrue());
  }

  @ParameterizedTest
  @MethodSource("realResultsFiles")
  void everyRealResultsFileSignsAndItsTokensVerify(String name) throws Exception {
    String sample = Files.readString(Fixtures.sample(name));

    String signed = FILE_SIGNER.sign(sample, MODEL).value().orElseThrow();

    assertThat(entries(signed))
        .hasSameSizeAs(entries(sample))
        .allSatisfy(
            entry -> assertThat(VERIFIER.verify(Fixtures.MODEL_ID, entry).verified()).isTrue());
  }

  @ParameterizedTest
  @MethodSource("realResultsFiles")
  void everyRealResultsFileChangesOnlyInItsTokenLines(String name) throws Exception {
    String sample = Files.readString(Fixtures.sample(name));

    String signed = FILE_SIGNER.sign(sample, MODEL).value().orElseThrow();

    assertThat(TOKEN_LINE.matcher(signed).replaceAll(""))
        .isEqualTo(TOKEN_LINE.matcher(sample).replaceAll(""));
  }

  /** The results files among the shared samples, all valid (formats' RealSamplesTest says so). */
  static Stream<String> realResultsFiles() {
    return Stream.of(
        "community-evals__README__hle.yaml",
        "community-evals__SKILL__hle.yaml",
        "community-evals__SKILL__hle_with_tools.yaml",
        "community-evals__eval.example.yaml",
        "every_eval_ever__blog__gsm8k.yaml",
        "hub-docs__example__eval_results__full.yaml",
        "hub-docs__example__eval_results__full__branch-064c7548.yaml",
        "hub-docs__example__eval_results__minimal.yaml",
        "hub-docs__model-release-checklist__gpqa.yaml",
        "mteb__test__banking77.eval_results.yaml");
  }

  @Test
  void entriesWithoutTokenGetOneAfterTheirValueAtTheKeyIndentation() {
    String text =
        """
        # results of the March run
        - dataset:
            id: cais/hle   # the benchmark
            task_id: default
          value: 20.90     # percent
          notes: no-tools
        -   value: 61.5
            dataset: {id: TIGER-Lab/MMLU-Pro, task_id: mmlu_pro}
        """;

    String signed = FILE_SIGNER.sign(text, MODEL).value().orElseThrow();

    assertThat(TOKEN.matcher(signed).replaceAll("T"))
        .isEqualTo(
            """
        # results of the March run
        - dataset:
            id: cais/hle   # the benchmark
            task_id: default
          value: 20.90     # percent
          verifyToken: T
          notes: no-tools
        -   value: 61.5
            verifyToken: T
            dataset: {id: TIGER-Lab/MMLU-Pro, task_id: mmlu_pro}
        """);
  }

  @Test
  void quotedExistingTokenIsReplacedAndItsCommentKept() {
    String text =
        "- dataset: {id: cais/hle, task_id: default}\n  value: 1\n  verifyToken: \"old.to\\\"ken\"  # ok\n";

    String signed = FILE_SIGNER.sign(text, MODEL).value().orElseThrow();

    assertThat(TOKEN.matcher(signed).replaceAll("T"))
        .isEqualTo(
            "- dataset: {id: cais/hle, task_id: default}\n  value: 1\n  verifyToken: T  # ok\n");
  }

  @Test
  void windowsLineEndingsAndAMissingFinalNewlineAreKept() {
    String text = "- dataset:\r\n    id: cais/hle\r\n    task_id: default\r\n  value: 3";

    String signed = FILE_SIGNER.sign(text, MODEL).value().orElseThrow();

    assertThat(TOKEN.matcher(signed).replaceAll("T"))
        .isEqualTo(
            "- dataset:\r\n    id: cais/hle\r\n    task_id: default\r\n  value: 3\r\n  verifyToken: T");
  }

  @Test
  void loneCarriageReturnsCountAsLineBreaksAsInYaml() {
    String text = "# old Mac\r- dataset:\r    id: cais/hle\r    task_id: default\r  value: 3\r";

    String signed = FILE_SIGNER.sign(text, MODEL).value().orElseThrow();

    assertThat(TOKEN.matcher(signed).replaceAll("T"))
        .isEqualTo(
            "# old Mac\r- dataset:\r    id: cais/hle\r    task_id: default\r  value: 3\r  verifyToken: T\r");
  }

  @Test
  void singleMappingFileIsSignedAndKeepsItsWarning() {
    String text = "dataset:\n  id: cais/hle\n  task_id: default\nvalue: 3\n";

    Validated<String> signed = FILE_SIGNER.sign(text, MODEL);

    assertThat(signed.value().map(s -> TOKEN.matcher(s).replaceAll("T")))
        .contains("dataset:\n  id: cais/hle\n  task_id: default\nvalue: 3\nverifyToken: T\n");
    assertThat(signed.warnings())
        .extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("list of one"));
  }

  @Test
  void flowStyleEntryIsRefusedWithItsPosition() {
    String text =
        "- dataset:\n    id: cais/hle\n    task_id: default\n  value: 3\n"
            + "- {dataset: {id: cais/hle, task_id: other}, value: 4}\n";

    Validated<String> signed = FILE_SIGNER.sign(text, MODEL);

    assertThat(signed.errors())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.format())
                    .startsWith("5:3: error: this entry is written in flow style")
                    .endsWith("(at [1])"));
  }

  @Test
  void explicitValueKeyIsRefusedBecauseTheIndentationIsUnclear() {
    String text = "- dataset: {id: cais/hle, task_id: default}\n  ? value\n  : 3\n";

    Validated<String> signed = FILE_SIGNER.sign(text, MODEL);

    assertThat(signed.errors())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.format())
                    .startsWith("2:5: error: the value key is not at the start of its line"));
  }

  @Test
  void invalidFileIsRefusedWithItsDiagnostics() {
    String text = "- dataset:\n    id: cais/hle\n    task_id: default\n  value: \"20.9\"\n";

    Validated<String> signed = FILE_SIGNER.sign(text, MODEL);

    assertThat(signed.isValid()).isFalse();
    assertThat(signed.errors()).extracting(Diagnostic::path).contains("[0].value");
  }

  private static List<ResultEntry> entries(String text) {
    return EvalFormats.standard()
        .readResults(text.getBytes(StandardCharsets.UTF_8))
        .value()
        .orElseThrow()
        .entries();
  }
}
