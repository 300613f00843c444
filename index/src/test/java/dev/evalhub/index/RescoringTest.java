package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.samples.SampleOutcome;
import dev.evalhub.importers.samples.SampleReaders;
import dev.evalhub.importers.samples.SampleScores;
import dev.evalhub.testing.DetailsFiles;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Re-scoring from details (issue 15, item 1): at indexing the hub recomputes a result's value from
 * the per-sample details in its repository, for every details format the importers read, on the
 * real files of {@code shared/samples}: the mean of one of the file's metrics gives the value (the
 * {@code reproduced} badge, "recomputed from N samples"), or the result is marked {@code
 * not-reproduced} with why: an edited value (with both numbers), an edited details file (its
 * SHA-256 is not the declared one), details of other items.
 */
class RescoringTest {

  @TempDir Path dir;
  IndexFixture hub;

  @BeforeEach
  void setUp() {
    hub = IndexFixture.h2(dir.resolve("hub")).benchmark("acme/bench", evalYaml("Bench", "t1"));
    hub.repo("alice/a", false);
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  static Stream<Arguments> detailsFiles() {
    Path root = Samples.root();
    return Stream.of(
        Arguments.of(
            "lm-eval-samples",
            root.resolve("lm-eval/samples_math_perturbed_full_2026-01-21T03-44-18.458309.jsonl")),
        Arguments.of("inspect-eval", root.resolve("inspect-ai/log_formats.eval")),
        Arguments.of("inspect-json", root.resolve("inspect-ai/eee_data_arc_qwen.json")),
        Arguments.of(
            "eee-jsonl",
            root.resolve("every-eval-ever/f3a1c0de-4b2e-4c1a-9f6d-1b7e5a2c8d40_samples.jsonl")),
        Arguments.of(
            "lighteval-parquet",
            root.resolve(
                "lighteval/details_community_gpqa-diamond-idk_0_2025-09-26T18-27-42.841353.parquet")),
        Arguments.of(
            "helm-per-instance",
            root.resolve(
                "helm/mmlu-philosophy_multiple-choice-joint_gpt2/per_instance_stats.json")));
  }

  /** The mean of the file's first metric that has scores, and how many items it has. */
  private static double[] firstMean(Path file, String format) throws IOException {
    SampleOutcome outcome =
        SampleReaders.read(
            LogSource.of(file, file.getFileName().toString()), format, ImportLimits.DEFAULT);
    SampleScores scores = ((SampleOutcome.Read) outcome).scores();
    for (int m = 0; m < scores.metrics().size(); m++) {
      double mean = scores.mean(m);
      if (!Double.isNaN(mean)) {
        int n = 0;
        for (int i = 0; i < scores.size(); i++) {
          n += Double.isNaN(scores.score(m, i)) ? 0 : 1;
        }
        return new double[] {mean, n};
      }
    }
    throw new IllegalStateException(file + " has no scores");
  }

  private void commit(String detailsPath, byte[] details, double value, String sha256) {
    hub.commit(
        "alice/a",
        List.of(
            FileChange.put(detailsPath, details),
            FileChange.put(".eval_results/r.yaml", entry(value, detailsPath, sha256).getBytes())));
  }

  private static String entry(double value, String path, String sha256) {
    return "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: "
        + value
        + "\n  details:\n    path: "
        + path
        + "\n    sha256: "
        + sha256
        + "\n    format: "
        + formatOf(path)
        + "\n";
  }

  private static String formatOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1, path.indexOf('.', path.lastIndexOf('/')));
  }

  private static String details(String format, Path file) {
    String name = file.getFileName().toString();
    return ".eval_results/details/" + format + name.substring(name.indexOf('.'));
  }

  private List<Badge> badges() {
    EvalResult.Valid result =
        (EvalResult.Valid)
            hub.evalResults(
                    "alice/a",
                    Optional.of(
                        new dev.evalhub.domain.Caller("alice", dev.evalhub.domain.Role.WRITE)))
                .get(0);
    return result.badges().stream()
        .filter(b -> b.kind() == Badge.Kind.REPRODUCED || b.kind() == Badge.Kind.NOT_REPRODUCED)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detailsFiles")
  void aValueItsDetailsGiveIsReproduced(String format, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    double[] mean = firstMean(file, format);

    commit(details(format, file), bytes, mean[0], sha256(bytes));

    assertThat(badges())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.kind()).isEqualTo(Badge.Kind.REPRODUCED);
              assertThat(b.label()).startsWith("recomputed from " + (int) mean[1] + " samples (");
            });
    assertThat(hub.leaderboard("acme/bench", "t1", false).entries().get(0).badges())
        .extracting(Badge::kind)
        .contains(Badge.Kind.REPRODUCED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detailsFiles")
  void anEditedValueIsNotReproducedAndShowsBothNumbers(String format, Path file)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    double[] mean = firstMean(file, format);
    double edited = mean[0] > 0.5 ? mean[0] - 0.125 : mean[0] + 0.125;

    commit(details(format, file), bytes, edited, sha256(bytes));

    assertThat(badges())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.kind()).isEqualTo(Badge.Kind.NOT_REPRODUCED);
              assertThat(b.label())
                  .startsWith("no metric of the details reproduces the value " + edited + ": ")
                  .contains(" gives ")
                  .contains(" over " + (int) mean[1] + " items");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detailsFiles")
  void anEditedDetailsFileIsNotReproduced(String format, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] edited = bytes.clone();
    edited[edited.length / 2] ^= 1;
    double[] mean = firstMean(file, format);

    commit(details(format, file), edited, mean[0], sha256(bytes));

    assertThat(badges())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.kind()).isEqualTo(Badge.Kind.NOT_REPRODUCED);
              assertThat(b.label())
                  .isEqualTo(
                      "details.sha256 is "
                          + sha256(bytes)
                          + " but "
                          + details(format, file)
                          + " has "
                          + sha256(edited));
            });
  }

  @Test
  void detailsOfOtherItemsAreNotReproduced() throws IOException {
    // The value of 20 items of which 15 are right, the details of 20 others with 12 right.
    Path folder = Files.createDirectories(dir.resolve("details"));
    int[] other = new int[20];
    for (int i = 0; i < 12; i++) {
      other[i] = 1;
    }
    byte[] bytes = Files.readAllBytes(DetailsFiles.lmEvalSamples(folder, "t1", other));

    commit(".eval_results/details/lm-eval-samples.jsonl", bytes, 0.75, sha256(bytes));

    assertThat(badges())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.label())
                    .isEqualTo(
                        "no metric of the details reproduces the value 0.75: acc gives 0.600000"
                            + " over 20 items"));
  }

  @Test
  void missingAndExternalDetails() {
    hub.put(
        "alice/a",
        ".eval_results/r.yaml",
        entry(0.5, ".eval_results/details/lm-eval-samples.jsonl", "0".repeat(64))
            + "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.4\n"
            + "  details:\n    url: https://example.org/samples.jsonl\n    sha256: "
            + "0".repeat(64)
            + "\n    format: lm-eval-samples\n");

    List<EvalResult> results =
        hub.evalResults(
            "alice/a",
            Optional.of(new dev.evalhub.domain.Caller("alice", dev.evalhub.domain.Role.WRITE)));
    assertThat(((EvalResult.Valid) results.get(0)).badges())
        .filteredOn(b -> b.kind() == Badge.Kind.NOT_REPRODUCED)
        .extracting(Badge::label)
        .containsExactly(
            "details.path .eval_results/details/lm-eval-samples.jsonl is not in the repository");
    // Details elsewhere are not fetched: neither reproduced nor marked.
    assertThat(((EvalResult.Valid) results.get(1)).badges())
        .extracting(Badge::kind)
        .doesNotContain(Badge.Kind.REPRODUCED, Badge.Kind.NOT_REPRODUCED);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
