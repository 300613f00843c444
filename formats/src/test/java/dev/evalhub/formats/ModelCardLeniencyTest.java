package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.ModelCard.CardMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model cards the Hub accepts are accepted: every README under {@code
 * src/test/resources/valid/model-card/} is valid and gets exactly the warnings of its {@code
 * .expected} file ({@code LINE:COLUMN SEVERITY PATH | MESSAGE}); one beyond evalhub's YAML limits
 * (anchors, tags) is accepted with its model-index not read.
 */
@Tag("hostile")
class ModelCardLeniencyTest {

  private static final Path CORPUS = Path.of("src/test/resources/valid/model-card");
  private final EvalFormats formats = EvalFormats.standard();

  static Stream<Path> corpus() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".md")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyCardTheHubAcceptsIsValidWithOnlyItsExpectedWarnings(Path file) throws IOException {
    Validated<ModelCard> card = formats.readModelCard(Files.readAllBytes(file));

    List<String> expected = Files.readAllLines(Path.of(file + ".expected"), StandardCharsets.UTF_8);
    assertThat(
            card.diagnostics().stream()
                .map(
                    d ->
                        d.line()
                            + ":"
                            + d.column()
                            + " "
                            + d.severity().word()
                            + " "
                            + d.path()
                            + " | "
                            + d.message()))
        .containsExactlyElementsOf(expected);
    assertThat(card.isValid()).isTrue();
    boolean notRead =
        expected.stream().anyMatch(line -> line.endsWith("its model-index is not read"));
    assertThat(card.value().orElseThrow().models()).hasSize(notRead ? 0 : 1);
  }

  @Test
  void theIssueExampleKeepsItsValuesAsTextAndItsResultWithoutADataset() throws IOException {
    ModelCard card =
        formats
            .readModelCard(Files.readAllBytes(CORPUS.resolve("issue-example.md")))
            .value()
            .orElseThrow();

    var results = card.models().get(0).results();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).dataset().type()).isEqualTo("librispeech_asr");
    assertThat(results.get(0).metrics().get(0))
        .isEqualTo(new CardMetric("wer", null, "20.0 ± 1.2", null, null, null));
    assertThat(results.get(1).dataset()).isNull();
    assertThat(results.get(1).metrics().get(0).text()).isEqualTo("pending");
    assertThat(results.get(1).metrics().get(0).isNumber()).isFalse();
  }

  @Test
  void valuesOfEveryKindAreKeptAsOneLineOfText() throws IOException {
    ModelCard card =
        formats
            .readModelCard(Files.readAllBytes(CORPUS.resolve("any-value.md")))
            .value()
            .orElseThrow();

    assertThat(card.models().get(0).results().get(0).metrics())
        .extracting(CardMetric::text)
        .containsExactly(
            "{exact_match: 80.1, f1: 88.5}", "[0.71, 0.73]", "true", "null", "null", ".nan", null);
    CardMetric integer = card.models().get(0).results().get(0).metrics().get(6);
    assertThat(integer.value()).isEqualTo(42.0);
    assertThat(integer.config()).isEqualTo("default");
  }

  @Test
  void aLongValueIsCutToTwoHundredCharacters() {
    String card =
        "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    metrics:\n    - type: x\n      value: "
            + "a".repeat(5000)
            + "\n";

    CardMetric metric =
        formats
            .readModelCardYaml(card.getBytes(StandardCharsets.UTF_8))
            .value()
            .orElseThrow()
            .models()
            .get(0)
            .results()
            .get(0)
            .metrics()
            .get(0);

    assertThat(metric.text()).hasSize(200).endsWith("…");
  }

  @Test
  void aCardWithErrorsTheHubRefusesStaysInvalid() {
    String card =
        "---\nmodel-index:\n- name: m\n  results:\n  - metrics: [{type: f1, value: pending}]\n---\n";

    Validated<ModelCard> read = formats.readModelCard(card.getBytes(StandardCharsets.UTF_8));

    assertThat(read.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("missing required key \"task\""));
  }

  @Test
  void cardDataIsTheWholeFrontMatterAsJsonValues() throws IOException {
    Map<String, Object> data =
        formats.readCardData(Files.readAllBytes(CORPUS.resolve("any-value.md"))).orElseThrow();

    @SuppressWarnings("unchecked")
    Map<String, Object> model = ((List<Map<String, Object>>) data.get("model-index")).get(0);
    assertThat(model.get("name")).isEqualTo("squad-model");
    assertThat(model.toString())
        .contains("value={exact_match=80.1, f1=88.5}", "value=null", "value=42");
    assertThat(formats.readCardData("# no front matter\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(formats.readCardData("---\n- a list\n---\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void anAliasBombInTheFrontMatterIsAcceptedUnreadAndNeverExpanded() {
    StringBuilder bomb =
        new StringBuilder("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    byte[] readme =
        bomb.append("model-index: *a9\n---\n").toString().getBytes(StandardCharsets.UTF_8);

    long start = System.nanoTime();
    Validated<ModelCard> read = formats.readModelCard(readme);

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    assertThat(read.isValid()).isTrue();
    assertThat(read.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).endsWith("its model-index is not read"));
    assertThat(formats.readCardData(readme)).isEmpty();
    assertThat(formats.readBaseModels(readme)).isEmpty();
  }

  @Test
  void aReadmeThatIsNotUtf8IsReadWithReplacementCharactersAndAWarning() {
    byte[] readme = "---\nlicense: \u00ff\n---\n".getBytes(StandardCharsets.ISO_8859_1);

    Validated<ModelCard> read = formats.readModelCard(readme);

    assertThat(read.isValid()).isTrue();
    assertThat(read.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).startsWith("the file is not valid UTF-8"));
    assertThat(formats.readCardData(readme).orElseThrow()).containsEntry("license", "\uFFFD");
  }
}
