package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultEntry.DatasetRef;
import dev.evalhub.formats.model.ResultEntry.Details;
import dev.evalhub.formats.model.ResultEntry.Source;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultsYamlTest {

  private final EvalFormats formats = EvalFormats.standard();

  private static ResultEntry imported() {
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("temperature", 0.0);
    generation.put("max_tokens", 32L);
    generation.put("stop", List.of("\n", "Question:"));
    Map<String, Object> methodology = new LinkedHashMap<>();
    methodology.put("framework", "lm-evaluation-harness");
    methodology.put("framework_version", "0.4.13");
    methodology.put("task_version", "1.0");
    methodology.put("num_fewshot", 5L);
    methodology.put("scoring", "loglikelihood_letter");
    methodology.put("prompt_sha256", "a".repeat(64));
    methodology.put("chat_template", "none");
    methodology.put("generation", generation);
    methodology.put("model_revision", "2024-01-01");
    methodology.put("seed", 1234L);
    methodology.put("filter", "none");
    methodology.put("limit", 0.5);
    methodology.put("fewshot_as_multiturn", false);
    return new ResultEntry(
        new DatasetRef("org/tiny-bench", "letter", null),
        0.625,
        null,
        "2026-11-27T16:36:41Z",
        null,
        null,
        0.18298126367784995,
        8L,
        new Methodology(methodology),
        new Details(
            null,
            ".eval_results/details/samples_tiny_mc_letter.jsonl",
            "b".repeat(64),
            "lm-eval-samples"),
        Map.of());
  }

  @Test
  void anImportedEntryReadsBackAsTheSameEntry() {
    ResultEntry entry = imported();

    Validated<ResultsFile> read = formats.readResults(ResultsYaml.writeBytes(List.of(entry)));

    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.value().orElseThrow().entries()).containsExactly(entry);
  }

  @Test
  void keysComeInTheSpecsOrderInBlockStyle() {
    String text = ResultsYaml.write(List.of(imported()));

    assertThat(text)
        .startsWith(
            "- dataset:\n"
                + "    id: org/tiny-bench\n"
                + "    task_id: letter\n"
                + "  value: 0.625\n"
                + "  date: \"2026-11-27T16:36:41Z\"\n"
                + "  stderr: 0.18298126367784995\n"
                + "  num_samples: 8\n"
                + "  methodology:\n"
                + "    framework: lm-evaluation-harness\n"
                + "    framework_version: \"0.4.13\"\n"
                + "    task_version: \"1.0\"\n");
    assertThat(text).contains("    model_revision: \"2024-01-01\"\n");
    assertThat(text).doesNotContain("{").doesNotContain("&").doesNotContain("*");
  }

  @Test
  void stringsThatLookLikeOtherTypesAreQuotedAndReadBackAsStrings() {
    List<String> tricky =
        List.of(
            "1.0",
            "1",
            "0x1F",
            "1e5",
            ".5",
            "yes",
            "No",
            "on",
            "null",
            "~",
            "",
            "2025-01-15",
            "true",
            "1_000",
            "-3",
            "+4",
            ".inf",
            "12:30");
    Map<String, Object> methodology = new LinkedHashMap<>();
    for (int i = 0; i < tricky.size(); i++) {
      methodology.put("k" + i, tricky.get(i));
    }
    ResultEntry entry =
        new ResultEntry(
            new DatasetRef("a/b", "t", "0123"),
            1,
            null,
            null,
            new Source("https://example.com/x", "123", null, null),
            "yes",
            null,
            null,
            new Methodology(methodology),
            null,
            Map.of());

    Validated<ResultsFile> read = formats.readResults(ResultsYaml.writeBytes(List.of(entry)));

    assertThat(read.errors()).isEmpty();
    assertThat(read.value().orElseThrow().entries()).containsExactly(entry);
  }

  @Test
  void theSameEntriesGiveTheSameBytes() {
    assertThat(ResultsYaml.write(List.of(imported(), imported())))
        .isEqualTo(ResultsYaml.write(List.of(imported(), imported())));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "community-evals__README__hle.yaml",
        "every_eval_ever__blog__gsm8k.yaml",
        "hub-docs__example__eval_results__minimal.yaml",
        "hub-docs__model-release-checklist__gpqa.yaml",
        "mteb__test__banking77.eval_results.yaml"
      })
  void realResultsFilesSurviveARoundTrip(String name) throws IOException {
    List<ResultEntry> entries =
        formats.readResults(Files.readAllBytes(Samples.hf(name))).value().orElseThrow().entries();

    String text = ResultsYaml.write(entries);

    assertThat(
            formats
                .readResults(text.getBytes(StandardCharsets.UTF_8))
                .value()
                .orElseThrow()
                .entries())
        .isEqualTo(entries);
  }
}
