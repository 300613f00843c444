package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealSamplesTest {

  private final EvalFormats formats = EvalFormats.standard();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "community-evals__README__hle.yaml",
        "community-evals__SKILL__hle.yaml",
        "community-evals__SKILL__hle_with_tools.yaml",
        "community-evals__eval.example.yaml",
        "every_eval_ever__blog__gsm8k.yaml",
        "hub-docs__example__eval_results__full.yaml",
        "hub-docs__example__eval_results__full__branch-064c7548.yaml",
        "hub-docs__example__eval_results__minimal.yaml",
        "hub-docs__model-release-checklist__gpqa.yaml",
        "mteb__test__banking77.eval_results.yaml"
      })
  void everyRealResultsFileIsValid(String name) throws IOException {
    Validated<ResultsFile> results = formats.readResults(Files.readAllBytes(Samples.hf(name)));

    assertThat(results.errors()).isEmpty();
    assertThat(results.value().orElseThrow().entries()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hub-docs__PR2221__proposed-eval.yaml-with-metrics.minimal.yaml",
        "hub-docs__example__eval.yaml__hle__branch-064c7548.yaml",
        "hub-docs__example__eval.yaml__hle__inspect-ai.yaml",
        "hub-docs__example__eval.yaml__matharena_aime_2026__extended.yaml",
        "hub-docs__example__eval.yaml__matharena_aime_2026__minimal.yaml",
        "mteb__test__arguana.eval.yaml",
        "multilingual-gsm-symbolic__eval.yaml",
        "nanoFold-Competition__eval.yaml"
      })
  void everyRealBenchmarkIsValid(String name) throws IOException {
    Validated<Benchmark> benchmark = formats.readBenchmark(Files.readAllBytes(Samples.hf(name)));

    assertThat(benchmark.errors()).isEmpty();
    assertThat(benchmark.value().orElseThrow().tasks()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("allYamlSamples")
  void theKindOfEveryRealSampleIsToldFromItsContent(String name) throws IOException {
    byte[] bytes = Files.readAllBytes(Samples.hf(name));
    FileKind expected =
        name.contains("model-index")
            ? FileKind.MODEL_CARD
            : name.contains("eval.yaml")
                    || name.contains("eval.y") && !name.contains("eval_results")
                ? FileKind.BENCHMARK
                : FileKind.RESULTS;

    assertThat(formats.guessKind(bytes)).contains(expected);
  }

  static Stream<String> allYamlSamples() throws IOException {
    return Files.list(Samples.hf())
        .map(p -> p.getFileName().toString())
        .filter(n -> n.endsWith(".yaml"))
        .sorted();
  }

  @org.junit.jupiter.api.Test
  void theLegacyModelIndexSampleIsReadWithItsVerifyTokenAndItsVerifiedFlagIgnored()
      throws IOException {
    byte[] bytes =
        Files.readAllBytes(
            Samples.hf("model-index__verified__distilbert-sst2.README-frontmatter.yaml"));

    Validated<ModelCard> card = formats.readModelCardYaml(bytes);

    assertThat(card.errors()).isEmpty();
    assertThat(card.warnings())
        .singleElement()
        .satisfies(
            w -> assertThat(w.path()).isEqualTo("model-index[0].results[0].metrics[0].verified"));
    ModelCard.CardResult result = card.value().orElseThrow().models().get(0).results().get(0);
    assertThat(result.dataset().config()).isEqualTo("sst2");
    assertThat(result.metrics().get(0).value()).isEqualTo(0.9105504587155964);
    assertThat(result.metrics().get(0).verifyToken()).startsWith("eyJhbGciOiJFZERTQSIs");
  }
}
