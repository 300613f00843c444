package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @TempDir Path dir;

  private Path write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  @Test
  void everyRealSampleIsAccepted() throws IOException {
    List<String> args = new ArrayList<>(List.of("validate"));
    try (Stream<Path> files = Files.list(Samples.hf())) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .forEach(f -> args.add(f.toString()));
    }

    CommandRun run = CommandRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).doesNotContain(": error:");
    assertThat(run.err()).contains("19 files checked: 19 valid, 0 with errors");
  }

  @Test
  void anInvalidResultIsPrintedWithFileLineColumnAndPathAndExitsOne() throws IOException {
    Path file =
        write(
            ".eval_results/hle.yaml",
            """
        - dataset:
            id: cais/hle
            task_id: hle
          value: "20.9"
          verifed: true
        """);

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            file + ":4:10: error: value must be a number, found string \"20.9\" (at [0].value)",
            file + ":5:3: warning: unknown key \"verifed\" (at [0].verifed)");
  }

  @Test
  void warningsAloneExitZero() throws IOException {
    Path file =
        write(".eval_results/hle.yaml", "- {dataset: {id: a/b, task_id: t}, value: 1, extra: x}\n");

    assertThat(CommandRun.of("validate", file.toString()).exitCode()).isZero();
  }

  @Test
  void jsonOutputIsAListOfPositionedDiagnostics() throws IOException {
    Path file =
        write("eval.yaml", "name: n\nevaluation_framework: helm\ntasks: [{id: t}, {id: t}]\n");

    CommandRun run = CommandRun.of("validate", "--format", "json", file.toString());

    JsonNode rows = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).toString())
        .isEqualTo(
            "{\"file\":"
                + new ObjectMapper().writeValueAsString(file.toString())
                + ",\"line\":1,\"column\":1,\"severity\":\"error\","
                + "\"message\":\"missing required key \\\"description\\\"\",\"path\":\"\"}");
    assertThat(rows.get(1).get("path").asText()).isEqualTo("tasks[1].id");
    assertThat(rows.get(1).get("message").asText())
        .isEqualTo("duplicate task id \"t\" (first at 3:14)");
  }

  @Test
  void aFolderIsCheckedLikeARepository() throws IOException {
    write("eval.yaml", "name: n\ndescription: d\nevaluation_framework: helm\ntasks: [{id: t}]\n");
    write("README.md", "---\nmodel-index:\n- name: m\n---\n# m\n");
    write(".eval_results/a.yaml", "- {dataset: {id: a/b, task_id: t}, value: 1}\n");
    write(".eval_results/logs/not-a-result.yaml", "garbage: [\n");
    write(".eval_results/notes.txt", "not yaml");

    CommandRun run = CommandRun.of("validate", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            dir.resolve("README.md")
                + ":3:3: error: missing required key \"results\" (at model-index[0])");
    assertThat(run.err()).contains("3 files checked: 2 valid, 1 with errors");
  }

  @Test
  void aModelCardTheHubAcceptsIsValidWithAWarningPerValueThatIsNotANumber() throws IOException {
    write(
        "README.md",
        "---\nmodel-index:\n- name: demo-asr\n  results:\n"
            + "  - task: {type: automatic-speech-recognition}\n    dataset: {type: librispeech_asr, name: LibriSpeech}\n"
            + "    metrics:\n    - {type: wer, value: \"20.0 \u00b1 1.2\"}\n  - task: {type: token-classification}\n"
            + "    metrics:\n    - {type: f1, value: pending}\n---\n# demo-asr\n");

    CommandRun run = CommandRun.of("validate", dir.resolve("README.md").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            dir.resolve("README.md")
                + ":8:26: warning: value is not a number, found string \"20.0 \u00b1 1.2\"; kept as"
                + " text, never ranked (at model-index[0].results[0].metrics[0].value)",
            dir.resolve("README.md")
                + ":11:25: warning: value is not a number, found string \"pending\"; kept as text,"
                + " never ranked (at model-index[0].results[1].metrics[0].value)");
  }

  @Test
  void anEmptyFolderIsAnError() {
    CommandRun run = CommandRun.of("validate", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("found no eval.yaml, .eval_results/*.yaml or README.md");
  }

  @Test
  void typeOverridesTheFileName() throws IOException {
    Path file = write("draft.yaml", "name: n\n");

    CommandRun run = CommandRun.of("validate", "--type", "results", file.toString());

    assertThat(run.out()).contains(":1:1: error: missing required key \"dataset\"");
  }

  @Test
  void aFileOfNoKnownKindAsksForType() throws IOException {
    Path file = write("notes.yaml", "title: hello\n");

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("cannot tell whether this is a benchmark, results or a model card");
  }

  @Test
  void extraFrameworksAreAccepted() throws IOException {
    Path file =
        write(
            "eval.yaml",
            "name: n\ndescription: d\nevaluation_framework: in-house\ntasks: [{id: t}]\n");

    assertThat(CommandRun.of("validate", file.toString()).exitCode()).isEqualTo(1);
    assertThat(CommandRun.of("validate", "--framework", "in-house", file.toString()).exitCode())
        .isZero();
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(CommandRun.of("validate").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("validate", dir.resolve("missing.yaml").toString()).exitCode())
        .isEqualTo(2);
    assertThat(CommandRun.of("validate", "--type", "spreadsheet", dir.toString()).exitCode())
        .isEqualTo(2);
    assertThat(CommandRun.of("validate", "--format", "xml", dir.toString()).exitCode())
        .isEqualTo(2);
  }
}
