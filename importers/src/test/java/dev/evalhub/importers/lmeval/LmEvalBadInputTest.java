package dev.evalhub.importers.lmeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad lm-eval input gives positioned diagnostics, never an exception. */
class LmEvalBadInputTest {

  private static final String NAME = "results_2026-01-01T00-00-00.000001.json";

  private static LogSource text(String name, String text) {
    return LogSource.of(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String results(String row) {
    return "{\n  \"results\": {\n    \"t\": " + row + "\n  },\n  \"versions\": {\"t\": 1.0}\n}\n";
  }

  private static ReadLogs read(LogSource... files) {
    return LogImporter.standard().read(List.of(files));
  }

  private static ReadLogs readDirectly(ImportLimits limits, LogSource... files) {
    ImportContext context = new ImportContext(limits, ImportProgress.NONE);
    new LmEvalReader().read(List.of(files), context);
    return context.finish();
  }

  private static List<String> formatted(ReadLogs read) {
    return read.diagnostics().stream().map(LogDiagnostic::format).toList();
  }

  @Test
  void aTruncatedResultsFileIsAnErrorWhereItStops() {
    ReadLogs read = read(text(NAME, "{\"results\": {\"t\": {\"acc,none\": 0.5"));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read)).hasSize(1);
    assertThat(formatted(read).get(0))
        .startsWith(NAME + ":1:")
        .contains("error: not valid JSON: Unexpected end-of-input");
  }

  @Test
  void aMetricValueThatIsAStringIsAnErrorAtItsPointer() {
    ReadLogs read = read(text(NAME, results("{\"acc,none\": \"0.5\"}")));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            NAME
                + ":3:23: error: a metric value must be a number, not the string \"0.5\""
                + " (at /results/t/acc,none)");
  }

  @Test
  void aNaNValueIsAnErrorAtItsPointer() {
    ReadLogs read = read(text(NAME, results("{\"acc,none\": NaN, \"f1,none\": 0.5}")));

    assertThat(formatted(read))
        .containsExactly(
            NAME
                + ":3:23: error: a metric value must be a finite number, not NaN"
                + " (at /results/t/acc,none)");
  }

  @Test
  void anInfiniteOrNegativeStderrIsAnError() {
    ReadLogs read =
        read(
            text(
                NAME,
                results(
                    "{\"acc,none\": 0.5, \"acc_stderr,none\": Infinity,"
                        + " \"f1,none\": 0.5, \"f1_stderr,none\": -0.1}")));

    assertThat(formatted(read))
        .containsExactly(
            NAME
                + ":3:47: error: a standard error must be a finite number >= 0, \"N/A\" or null,"
                + " not Infinity (at /results/t/acc_stderr,none)",
            NAME
                + ":3:91: error: a standard error must be a finite number >= 0, \"N/A\" or null,"
                + " not -0.1 (at /results/t/f1_stderr,none)");
  }

  @Test
  void naNullAndMissingStderrsAreNoStderr() {
    ReadLogs read =
        read(
            text(
                NAME,
                results(
                    "{\"acc,none\": 0.5, \"acc_stderr,none\": \"N/A\", \"f1,none\": 0.25,"
                        + " \"f1_stderr,none\": null, \"mcc,none\": 0.1, \" \": \" \","
                        + " \"alias\": \"t\"}")));

    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results()).extracting(LogResult::stderr).containsExactly(null, null, null);
    assertThat(read.results())
        .extracting(LogResult::metric)
        .containsExactly("acc,none", "f1,none", "mcc,none");
  }

  @Test
  void aResultsFileWithoutResultsIsAnError() {
    ReadLogs read = readDirectly(ImportLimits.DEFAULT, text(NAME, "{\"versions\": {\"t\": 1.0}}"));

    assertThat(formatted(read))
        .containsExactly(
            NAME + ":1:1: error: no \"results\" object: not an lm-evaluation-harness results file");
  }

  @Test
  void resultsThatAreNotAnObjectAreAnError() {
    ReadLogs read = read(text(NAME, "{\"results\": [], \"versions\": {}}"));

    assertThat(formatted(read))
        .containsExactly(NAME + ":1:13: error: must be an object, not a list (at /results)");
  }

  @Test
  void anUnknownLmEvalVersionIsReadWithOneWarning() {
    ReadLogs read =
        read(
            text(
                NAME,
                "{\"results\": {\"t\": {\"acc,none\": 0.5}, \"u\": {\"acc,none\": 0.7}},"
                    + " \"lm_eval_version\": \"0.5.0\"}"));

    assertThat(read.results()).hasSize(2);
    assertThat(read.results().get(0).methodology().string("framework_version")).isEqualTo("0.5.0");
    assertThat(formatted(read))
        .containsExactly(
            NAME
                + ":1:82: warning: lm_eval_version 0.5.0 is not a version this reader knows"
                + " (0.3, 0.4.x); reading what it can (at /lm_eval_version)");
  }

  @Test
  void aFarFutureVersionIsAlsoReadWithOneWarning() {
    ReadLogs read =
        read(
            text(
                NAME, "{\"results\": {\"t\": {\"acc,none\": 0.5}}, \"lm_eval_version\": \"9.9\"}"));

    assertThat(read.results()).hasSize(1);
    assertThat(read.diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.isError()).isFalse());
  }

  private static final String SAMPLES = "samples_t_2026-01-01T00-00-00.000001.jsonl";

  private static final String ROW =
      "{\"doc_id\": 0, \"doc\": {\"q\": \"x\"}, \"arguments\": {\"gen_args_0\": {\"arg_0\": \"q\","
          + " \"arg_1\": \" A\"}, \"gen_args_1\": {\"arg_0\": \"q\", \"arg_1\": \" B\"}},"
          + " \"filter\": \"none\", \"acc\": 1.0}";

  private static final String MC_RESULTS =
      "{\"results\": {\"t\": {\"acc,none\": 0.5}}, \"configs\": {\"t\": {\"output_type\":"
          + " \"multiple_choice\", \"doc_to_choice\": \"{{choices}}\"}},"
          + " \"n-samples\": {\"t\": {\"original\": 2, \"effective\": 2}}}";

  @Test
  void aSamplesLineThatIsNotJsonIsAnErrorWithItsLineNumber() {
    ReadLogs read =
        read(text(NAME, MC_RESULTS), text(SAMPLES, ROW + "\n{\"doc_id\": 1, \"doc\": \n"));

    assertThat(formatted(read))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .startsWith(SAMPLES + ":2: error: not valid JSON: Unexpected end-of-input"));
    assertThat(read.results()).singleElement().satisfies(r -> assertThat(r.details()).isNull());
  }

  @Test
  void aSamplesLineLongerThanTheLimitIsAnErrorWithItsLineNumber() {
    ImportLimits limits =
        new ImportLimits(1 << 30, 1 << 20, ROW.length() + 10, 100, 10, 1 << 30, 100);
    String longRow = ROW.replace("\"x\"", "\"" + "x".repeat(200) + "\"");

    ReadLogs read =
        readDirectly(
            limits,
            text(NAME, MC_RESULTS),
            text(SAMPLES, ROW + "\n" + longRow + "\n" + ROW + "\n"));

    assertThat(formatted(read))
        .containsExactly(
            SAMPLES
                + ":2: error: the line is longer than "
                + (ROW.length() + 10)
                + " bytes, the limit for a line");
  }

  @Test
  void lettersInTheSamplesWinOverATemplatedChoiceList() {
    ReadLogs read = read(text(NAME, MC_RESULTS), text(SAMPLES, ROW + "\n" + ROW + "\n"));

    assertThat(read.diagnostics()).isEmpty();
    LogResult acc = read.results().get(0);
    assertThat(acc.methodology().scoring()).isEqualTo("loglikelihood_letter");
    assertThat(acc.details().path()).isEqualTo(".eval_results/details/" + SAMPLES);
  }

  @Test
  void theOldListFormOfArgumentsShowsAnswerTexts() {
    String oldRow =
        "{\"doc_id\": 0, \"arguments\": [[\"q\", \" Paris\"], [\"q\", \" Rome\"]],"
            + " \"filter\": \"none\"}";

    ReadLogs read = read(text(NAME, MC_RESULTS), text(SAMPLES, oldRow + "\n" + oldRow + "\n"));

    assertThat(read.results().get(0).methodology().scoring()).isEqualTo("loglikelihood_answer");
  }

  @Test
  void stringGenKwargsAndObjectModelArgsAreRead() {
    String json =
        "{\"results\": {\"g\": {\"exact_match,flexible-extract\": 0.5}},"
            + " \"configs\": {\"g\": {\"output_type\": \"generate_until\","
            + " \"generation_kwargs\": {\"until\": \"\\n\", \"max_gen_toks\": 64}}},"
            + " \"config\": {\"model\": \"vllm\", \"model_args\": {\"pretrained\": \"org/m\","
            + " \"revision\": \"abc123\", \"dtype\": \"bfloat16\"},"
            + " \"gen_kwargs\": \"temperature=0.6,top_p=0.95,do_sample=True,max_gen_toks=128\","
            + " \"limit\": 10, \"random_seed\": 42}, \"chat_template\": null}";

    LogResult result = read(text(NAME, json)).results().get(0);

    assertThat(result.model()).isEqualTo("org/m");
    assertThat(result.date()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(result.methodology().fields())
        .containsEntry("model_revision", "abc123")
        .containsEntry("precision", "bfloat16")
        .containsEntry("inference_engine", "vllm")
        .containsEntry("seed", 42L)
        .containsEntry("limit", 10L)
        .containsEntry("chat_template", "none")
        .containsEntry("filter", "flexible-extract")
        .containsEntry(
            "generation",
            java.util.Map.of(
                "stop",
                List.of("\n"),
                "max_tokens",
                128L,
                "temperature",
                0.6,
                "top_p",
                0.95,
                "do_sample",
                true));
  }

  @Test
  void aWrongTypeInTheRunConfigIsAnErrorAtItsPointer() {
    ReadLogs read =
        read(
            text(
                NAME,
                "{\"results\": {\"t\": {\"acc,none\": 0.5}}, \"n-shot\": {\"t\": \"five\"}}"));

    assertThat(formatted(read))
        .containsExactly(
            NAME
                + ":1:55: error: must be a whole number >= 0, not the string \"five\" (at /n-shot/t)");
  }
}
