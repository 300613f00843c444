package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.testing.DetailsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uncertainty and statistical ranks (issue 13) on an index fed by commits: models whose per-sample
 * details (real lm-evaluation-harness samples files, written by {@link DetailsFiles}) are in their
 * repositories are compared item by item; models with only a value and n are compared on their
 * standard errors. Task t1 is binary on [0, 1].
 */
class StatisticalRanksTest {

  private static final int N = 200;

  @TempDir Path dir;
  IndexFixture hub;

  @BeforeEach
  void setUp() {
    hub =
        IndexFixture.h2(dir.resolve("hub"))
            .benchmark(
                "acme/bench",
                evalYaml("Bench", "t1", "t2")
                    + "evalhub:\n  tasks:\n    t1:\n      metric:\n        kind: binary\n"
                    + "        range: [0, 1]\n    t2:\n      metric:\n        range: [0, 100]\n");
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  /** A 0/1 vector of N items: right on items [0, right), except those in {@code wrong}. */
  private static int[] vector(int right, int... wrong) {
    int[] v = new int[N];
    for (int i = 0; i < right; i++) {
      v[i] = 1;
    }
    for (int i : wrong) {
      v[i] = 0;
    }
    return v;
  }

  private static double mean(int[] v) {
    double sum = 0;
    for (int x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  /**
   * Commits {@code model}'s lm-eval samples for t1 and an entry naming them (value: their mean).
   */
  private void withDetails(String model, int[] correct) {
    byte[] details = samples(model, correct);
    hub.repo(model, false);
    hub.commit(
        model,
        List.of(
            FileChange.put(".eval_results/details/samples_t1.jsonl", details),
            FileChange.put(
                ".eval_results/r.yaml", entry(mean(correct), sha256(details), "").getBytes())));
  }

  private static String entry(double value, String sha256, String extra) {
    return "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: "
        + value
        + "\n  details:\n    path: .eval_results/details/samples_t1.jsonl\n    sha256: "
        + sha256
        + "\n    format: lm-eval-samples\n"
        + extra;
  }

  private byte[] samples(String model, int[] correct) {
    try {
      Path folder = Files.createDirectories(dir.resolve("details").resolve(model));
      return Files.readAllBytes(DetailsFiles.lmEvalSamples(folder, "t1", correct));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Leaderboard board(String task) {
    return hub.leaderboard("acme/bench", task, false);
  }

  private static LeaderboardEntry row(Leaderboard board, String model) {
    return board.entries().stream()
        .filter(e -> Rows.modelId(e).equals(model))
        .findFirst()
        .orElseThrow();
  }

  private static String ranks(Leaderboard board) {
    return String.join(
        "; ",
        board.entries().stream()
            .map(
                e ->
                    Rows.modelId(e)
                        + " rank "
                        + e.rank()
                        + " upper "
                        + e.statistics().map(s -> s.rankUpper() + " tier " + s.tier()).orElse("-"))
            .toList());
  }

  private Comparison compare(String a, String b) {
    return hub.index.compare(
        new TaskRef(RepoId.parsePath("datasets/acme/bench").orElseThrow(), "t1"),
        RepoId.parsePath(a).orElseThrow(),
        RepoId.parsePath(b).orElseThrow(),
        Optional.empty());
  }

  @Test
  void pairedDetailsSeparateWhatStandardErrorsCannot() {
    // B is A with twelve answers turned wrong: 0.60 against 0.54 on 200 items.
    withDetails("alice/a", vector(120));
    withDetails("bob/b", vector(120, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
    // The same two values with only n: binomial standard errors, an unpaired test.
    hub.repo("alice/c", false)
        .put(
            "alice/c",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.6\n  num_samples: 200\n");
    hub.repo("bob/d", false)
        .put(
            "bob/d",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.54\n  num_samples: 200\n");

    Leaderboard board = board("t1");
    Comparison paired = compare("alice/a", "bob/b");
    Comparison unpaired = compare("alice/c", "bob/d");

    assertThat(paired.test().orElseThrow().method()).isEqualTo("mcnemar-exact");
    assertThat(paired.test().orElseThrow().aBetter()).isEqualTo(12);
    assertThat(paired.test().orElseThrow().bBetter()).isZero();
    assertThat(paired.test().orElseThrow().common()).isEqualTo(N);
    // Exact binomial: 2 · (1/2)^12.
    assertThat(paired.test().orElseThrow().pValue())
        .isCloseTo(2 * Math.pow(0.5, 12), within(1e-12));
    assertThat(paired.items()).hasSize(N);
    assertThat(paired.items()).filteredOn(i -> i.a() > i.b()).hasSize(12);
    assertThat(unpaired.test().orElseThrow().method()).isEqualTo("unpaired-z");
    assertThat(unpaired.test().orElseThrow().pValue()).isGreaterThan(0.05);
    assertThat(unpaired.items()).isEmpty();
    // In the group, A is ahead of B by its test, C and D cannot be told apart.
    assertThat(row(board, "bob/b").statistics().orElseThrow().rankUpper()).isGreaterThan(1);
    assertThat(row(board, "alice/a").statistics().orElseThrow().tier())
        .isLessThan(row(board, "bob/b").statistics().orElseThrow().tier());
    assertThat(row(board, "bob/d").statistics().orElseThrow().rankUpper()).isEqualTo(1);
    GroupStatistics statistics = board.statistics().get(0);
    assertThat(statistics.testsByMethod())
        .containsEntry("mcnemar-exact", 1)
        .containsEntry("unpaired-z", 5);
  }

  @Test
  void modelsTheDataCannotOrderShareATier() {
    // 0.600 against 0.595: one more item right, five discordant items (3 to 2).
    int[] a = vector(121, 0);
    int[] b = vector(122, 1, 2, 3);
    withDetails("alice/a", a);
    withDetails("bob/b", b);

    Leaderboard board = board("t1");
    Comparison comparison = compare("alice/a", "bob/b");

    assertThat(ranks(board))
        .isEqualTo("alice/a rank 1 upper 1 tier 1; bob/b rank 2 upper 1 tier 1");
    assertThat(comparison.test().orElseThrow().method()).isEqualTo("mcnemar-exact");
    assertThat(comparison.test().orElseThrow().aBetter()).isEqualTo(3);
    assertThat(comparison.test().orElseThrow().bBetter()).isEqualTo(2);
    assertThat(comparison.test().orElseThrow().pValue()).isEqualTo(1.0);
  }

  @Test
  void everyRowCarriesTheUncertaintyItsDataAllows() {
    withDetails("alice/a", vector(150));
    hub.repo("bob/b", false)
        .put(
            "bob/b",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.7\n  stderr: 0.03\n"
                + "- dataset:\n    id: acme/bench\n    task_id: t2\n  value: 70\n  stderr: 3\n");
    hub.repo("alice/c", false)
        .put(
            "alice/c",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 1.0\n  num_samples: 20\n"
                + "- dataset:\n    id: acme/bench\n    task_id: t2\n  value: 50\n");

    Uncertainty details = row(board("t1"), "alice/a").uncertainty().orElseThrow();
    Uncertainty file = row(board("t1"), "bob/b").uncertainty().orElseThrow();
    Uncertainty binomial = row(board("t1"), "alice/c").uncertainty().orElseThrow();

    assertThat(details.source()).contains(Uncertainty.Source.DETAILS);
    assertThat(details.samples().getAsInt()).isEqualTo(N);
    assertThat(details.n().getAsLong()).isEqualTo(N);
    // s/√n with the sample standard deviation: √(0.75 · 0.25 · 200/199 / 200).
    assertThat(details.stderr().orElseThrow())
        .isCloseTo(Math.sqrt(0.75 * 0.25 / 199), within(1e-12));
    assertThat(details.ci().orElseThrow().method()).isEqualTo("wilson");
    assertThat(file.source()).contains(Uncertainty.Source.FILE);
    assertThat(file.ci().orElseThrow().method()).isEqualTo("normal");
    assertThat(file.ci().orElseThrow().lower()).isCloseTo(0.7 - 1.959964 * 0.03, within(1e-6));
    // All 20 right: the binomial standard error would be 0, a certainty the data cannot give, so
    // there is none; Wilson's interval still has width.
    assertThat(binomial.stderr()).isEmpty();
    assertThat(binomial.source()).isEmpty();
    assertThat(binomial.ci().orElseThrow().method()).isEqualTo("wilson");
    assertThat(binomial.ci().orElseThrow().lower()).isCloseTo(0.8389, within(1e-4));
    assertThat(binomial.ci().orElseThrow().upper()).isEqualTo(1.0);
    // t2 is not binary: a value without stderr or details has no uncertainty, and no tier.
    assertThat(row(board("t2"), "alice/c").uncertainty()).isEmpty();
    assertThat(row(board("t2"), "alice/c").statistics()).isEmpty();
    assertThat(row(board("t2"), "bob/b").uncertainty().orElseThrow().stderr()).contains(3.0);
  }

  @Test
  void aZeroStandardErrorClaimsNoCertainty() {
    // lm-eval writes stderr 0.0 for a perfect score; one item right is no evidence of anything.
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 1.0\n  stderr: 0.0\n");
    hub.repo("bob/b", false)
        .put(
            "bob/b",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 1.0\n  num_samples: 1\n");
    hub.repo("alice/c", false)
        .put(
            "alice/c",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.5\n  num_samples: 8\n");

    Leaderboard board = board("t1");

    assertThat(ranks(board)).endsWith("alice/c rank 3 upper -");
    assertThat(compare("alice/a", "alice/c").notEstablished()).isPresent();
    assertThat(compare("bob/b", "alice/c").test()).isEmpty();
  }

  @Test
  void aStatedStandardErrorGivesTheIntervalTheTestsUse() {
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.9\n  stderr: 0.2\n"
                + "  num_samples: 1000\n");

    Uncertainty u = row(board("t1"), "alice/a").uncertainty().orElseThrow();

    assertThat(u.ci().orElseThrow().method()).isEqualTo("normal");
    assertThat(u.ci().orElseThrow().lower()).isCloseTo(0.9 - 1.959964 * 0.2, within(1e-6));
  }

  @Test
  void detailsOfDifferentMetricsAreNotPaired() {
    // A's value is the mean of acc_norm, B's of acc: their items are not compared.
    byte[] a = samples("alice/a", vector(120)).clone();
    String normed =
        new String(a, java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"metrics\": [\"acc\"]", "\"metrics\": [\"acc_norm\"]")
            .replace("\"acc\": ", "\"acc_norm\": ");
    byte[] normedBytes = normed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    hub.repo("alice/a", false);
    hub.commit(
        "alice/a",
        List.of(
            FileChange.put(".eval_results/details/samples_t1.jsonl", normedBytes),
            FileChange.put(
                ".eval_results/r.yaml", entry(0.6, sha256(normedBytes), "").getBytes())));
    withDetails("bob/b", vector(108));

    Comparison comparison = compare("alice/a", "bob/b");

    assertThat(row(board("t1"), "alice/a").uncertainty().orElseThrow().samples()).isPresent();
    assertThat(comparison.items()).isEmpty();
    assertThat(comparison.test().map(Comparison.Test::method))
        .isNotEqualTo(Optional.of("mcnemar-exact"));
  }

  @Test
  void detailsThatDoNotMatchTheirEntryAreNotUsed() {
    byte[] details = samples("alice/a", vector(120));
    hub.repo("alice/a", false)
        .commit(
            "alice/a",
            List.of(
                FileChange.put(".eval_results/details/samples_t1.jsonl", details),
                FileChange.put(".eval_results/r.yaml", entry(0.6, "0".repeat(64), "").getBytes())));
    hub.repo("bob/b", false)
        .commit(
            "bob/b",
            List.of(
                FileChange.put(".eval_results/details/samples_t1.jsonl", details),
                FileChange.put(
                    ".eval_results/r.yaml", entry(0.65, sha256(details), "").getBytes())));

    assertThat(row(board("t1"), "alice/a").uncertainty()).isEmpty();
    assertThat(row(board("t1"), "bob/b").uncertainty()).isEmpty();

    // The details file replaced under an unchanged results file: now its hash is the declared one.
    hub.put("alice/a", ".eval_results/details/samples_t1.jsonl", "garbage\n");
    byte[] fixed = samples("alice/c", vector(130));
    hub.put("bob/b", ".eval_results/r.yaml", entry(0.65, sha256(fixed), ""));
    assertThat(row(board("t1"), "bob/b").uncertainty()).isEmpty();
    hub.commit("bob/b", List.of(FileChange.put(".eval_results/details/samples_t1.jsonl", fixed)));

    assertThat(row(board("t1"), "bob/b").uncertainty().orElseThrow().samples().getAsInt())
        .isEqualTo(N);
  }

  @Test
  void comparingModelsWithoutACommonGroupIsNotFound() {
    withDetails("alice/a", vector(120));

    assertThatThrownBy(() -> compare("alice/a", "bob/none"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("have no ranked results in one methodology group");
  }
}
