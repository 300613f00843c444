package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.ModelDiscrepancy;
import dev.evalhub.domain.leaderboard.Trust;
import dev.evalhub.domain.leaderboard.Uncertainty;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Discrepancies (issue 14): two sources of one model, task and methodology group whose values lie
 * further apart than noise allows are flagged on the model's row, with both sources; values within
 * noise are not. Task t1 has no uncertainty rule (stated standard errors only), t2 is binary on [0,
 * 1] (the binomial standard error from num_samples), t3 declares a tolerance of 0.03, t4 none (the
 * written precision) and maps model cards' {@code acc}.
 */
class DiscrepanciesTest {

  private static final String BENCH = "acme/bench";

  @TempDir Path dir;

  private static IndexFixture hub(String database, Path dir) {
    return IndexFixture.of(database, dir)
        .benchmark(
            BENCH,
            evalYaml("Bench", "t1", "t2", "t3", "t4")
                + "evalhub:\n  tasks:\n"
                + "    t2:\n      metric:\n        kind: binary\n        range: [0, 1]\n"
                + "    t3:\n      metric:\n        tolerance: 0.03\n"
                + "    t4:\n      metric:\n        name: acc\n");
  }

  private static String entry(String task, double value, String extra) {
    return result(BENCH, task, value, extra);
  }

  private static LeaderboardEntry row(Leaderboard board, String model) {
    return board.entries().stream()
        .filter(e -> e.model().id().fullName().equals(model))
        .findFirst()
        .orElseThrow();
  }

  private static List<Trust.Discrepancy> discrepancies(IndexFixture hub, String task, String m) {
    return row(hub.leaderboard(BENCH, task, false), m).trust().discrepancies();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void twoFilesOnMainBeyondTheirCombinedStandardErrorAreFlaggedWithinItAreNot(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/far", false).repo("alice/near", false);
      hub.put("alice/far", ".eval_results/a.yaml", entry("t1", 0.70, "  stderr: 0.01\n"))
          .put("alice/far", ".eval_results/b.yaml", entry("t1", 0.74, "  stderr: 0.01\n"))
          .put("alice/near", ".eval_results/a.yaml", entry("t1", 0.70, "  stderr: 0.01\n"))
          .put("alice/near", ".eval_results/b.yaml", entry("t1", 0.72, "  stderr: 0.01\n"));

      LeaderboardEntry far = row(hub.leaderboard(BENCH, "t1", false), "alice/far");

      // |0.74 − 0.70| = 0.04 > 1.96 · √(0.01² + 0.01²) = 0.0277; the row is b.yaml's 0.74.
      assertThat(far.trust().discrepancies()).hasSize(1);
      Trust.Discrepancy d = far.trust().discrepancies().get(0);
      assertThat(d.basis()).isEqualTo(Trust.Basis.STDERR);
      assertThat(d.threshold()).isCloseTo(1.96 * Math.sqrt(0.0002), within(1e-12));
      assertThat(d.source().location().filename()).isEqualTo(".eval_results/b.yaml");
      assertThat(d.other().location().filename()).isEqualTo(".eval_results/a.yaml");
      assertThat(d.other().value()).isEqualTo(0.70);
      assertThat(d.other().stderr()).contains(0.01);
      assertThat(d.other().stderrSource()).contains(Uncertainty.Source.FILE);
      assertThat(d.difference()).isCloseTo(0.04, within(1e-12));
      assertThat(far.badges())
          .filteredOn(b -> b.kind() == Badge.Kind.DISCREPANCY)
          .extracting(Badge::label, Badge::url)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "0.74 in .eval_results/b.yaml vs 0.7 in .eval_results/a.yaml"
                      + " (beyond 1.96 × combined stderr 0.014)",
                  "/alice/far/blob/main/.eval_results/a.yaml"));
      // |0.72 − 0.70| = 0.02 < 0.0277: within noise.
      assertThat(discrepancies(hub, "t1", "alice/near")).isEmpty();
      assertThat(row(hub.leaderboard(BENCH, "t1", false), "alice/near").badges())
          .noneMatch(b -> b.kind() == Badge.Kind.DISCREPANCY);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withoutAStatedStandardErrorABinaryTaskUsesTheBinomialOne(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/far", false).repo("alice/near", false);
      // n = 1000: se ≈ 0.0145 and 0.0137, 1.96 × combined ≈ 0.039.
      hub.put(
              "alice/far",
              ".eval_results/a.yaml",
              entry("t2", 0.70, "  num_samples: 1000\n")
                  + entry("t2", 0.75, "  num_samples: 1000\n"))
          .put(
              "alice/near",
              ".eval_results/a.yaml",
              entry("t2", 0.70, "  num_samples: 1000\n")
                  + entry("t2", 0.72, "  num_samples: 1000\n"));

      List<Trust.Discrepancy> far = discrepancies(hub, "t2", "alice/far");

      assertThat(far).extracting(Trust.Discrepancy::basis).containsExactly(Trust.Basis.STDERR);
      assertThat(far.get(0).other().stderrSource()).contains(Uncertainty.Source.BINOMIAL);
      assertThat(far.get(0).threshold())
          .isCloseTo(1.96 * Math.sqrt(0.7 * 0.3 / 1000 + 0.75 * 0.25 / 1000), within(1e-12));
      assertThat(row(hub.leaderboard(BENCH, "t2", false), "alice/far").badges())
          .filteredOn(b -> b.kind() == Badge.Kind.DISCREPANCY)
          .extracting(Badge::label)
          .containsExactly(
              "0.75 in entry 2 of .eval_results/a.yaml vs 0.7 in entry 1 of .eval_results/a.yaml"
                  + " (beyond 1.96 × combined stderr 0.02)");
      assertThat(discrepancies(hub, "t2", "alice/near")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withoutAnyStandardErrorTheTasksToleranceDecides(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/far", false).repo("alice/near", false);
      hub.put("alice/far", ".eval_results/a.yaml", entry("t3", 0.70, "") + entry("t3", 0.74, ""))
          .put("alice/near", ".eval_results/a.yaml", entry("t3", 0.70, "") + entry("t3", 0.72, ""));

      List<Trust.Discrepancy> far = discrepancies(hub, "t3", "alice/far");

      assertThat(far)
          .extracting(Trust.Discrepancy::basis, Trust.Discrepancy::threshold)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Trust.Basis.TOLERANCE, 0.03));
      assertThat(discrepancies(hub, "t3", "alice/near")).isEmpty();
      // One standard error known is not enough for the stderr rule: the tolerance still decides.
      hub.put(
          "alice/near",
          ".eval_results/a.yaml",
          entry("t3", 0.70, "  stderr: 0.001\n") + entry("t3", 0.72, ""));
      assertThat(discrepancies(hub, "t3", "alice/near")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withNeitherStandardErrorNorToleranceOnlyADifferenceBeyondTheWrittenPrecisionCounts(
      String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/far", false).repo("alice/near", false);
      hub.put("alice/far", ".eval_results/a.yaml", entry("t4", 0.637, "") + entry("t4", 0.488, ""))
          .put(
              "alice/near", ".eval_results/a.yaml", entry("t4", 0.637, "") + entry("t4", 0.64, ""));

      List<Trust.Discrepancy> far = discrepancies(hub, "t4", "alice/far");

      assertThat(far)
          .extracting(Trust.Discrepancy::basis, Trust.Discrepancy::threshold)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Trust.Basis.PRECISION, 0.0005));
      // 0.64 is written to ±0.005: 0.637 lies within it.
      assertThat(discrepancies(hub, "t4", "alice/near")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void anOpenPullRequestThatDisagreesWithMainIsFlaggedUntilItIsClosed(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/m", false);
      hub.put("alice/m", ".eval_results/a.yaml", entry("t4", 0.637, ""));
      int pr = hub.pullRequest("alice/m", ".eval_results/pr.yaml", entry("t4", 0.488, ""));

      LeaderboardEntry open = row(hub.leaderboard(BENCH, "t4", false), "alice/m");

      assertThat(open.location().filename()).isEqualTo(".eval_results/a.yaml");
      assertThat(open.trust().discrepancies()).hasSize(1);
      assertThat(open.trust().discrepancies().get(0).other().location().pullRequest())
          .hasValueSatisfying(n -> assertThat(n.value()).isEqualTo(pr));
      assertThat(open.badges())
          .filteredOn(b -> b.kind() == Badge.Kind.DISCREPANCY)
          .extracting(Badge::label, Badge::url)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "0.637 in .eval_results/a.yaml vs 0.488 in PR #"
                      + pr
                      + " (beyond the written precision ±0.0005)",
                  "/alice/m/discussions/" + pr));

      hub.closePullRequest("alice/m", pr);

      assertThat(discrepancies(hub, "t4", "alice/m")).isEmpty();
      assertThat(hub.index.discrepancies(dataset(), Optional.empty())).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aModelCardResultTheBenchmarkMapsDisagreesWithAResultsFile(String database) throws Exception {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/m", false);
      hub.put("alice/m", ".eval_results/a.yaml", entry("t4", 0.637, ""))
          .put(
              "alice/m",
              "README.md",
              "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n"
                  + "    dataset: {type: acme/bench, name: Bench}\n    metrics:\n"
                  + "    - {type: acc, value: 0.488}\n"
                  // Another metric, another split: not the task's.
                  + "    - {type: f1, value: 0.1}\n"
                  + "  - task: {type: text-generation}\n"
                  + "    dataset: {type: acme/bench, name: Bench, split: validation}\n"
                  + "    metrics:\n    - {type: acc, value: 0.2}\n---\n# m\n");

      List<Trust.Discrepancy> found = discrepancies(hub, "t4", "alice/m");

      assertThat(found).hasSize(1);
      assertThat(found.get(0).other().modelCard()).isTrue();
      assertThat(found.get(0).other().location().filename()).isEqualTo("README.md");
      assertThat(found.get(0).other().value()).isEqualTo(0.488);
      // Card results are never rows of their own.
      assertThat(hub.leaderboard(BENCH, "t4", false).entries()).hasSize(1);
      assertThat(row(hub.leaderboard(BENCH, "t4", false), "alice/m").badges())
          .filteredOn(b -> b.kind() == Badge.Kind.DISCREPANCY)
          .extracting(Badge::label)
          .containsExactly(
              "0.637 in .eval_results/a.yaml vs 0.488 in the model card (README.md)"
                  + " (beyond the written precision ±0.0005)");

      List<ModelDiscrepancy> before = hub.index.discrepancies(dataset(), Optional.of("t4"));
      hub.index.ingestion().reindex(ReindexProgress.NONE);
      assertThat(hub.index.discrepancies(dataset(), Optional.of("t4"))).isEqualTo(before);

      // The card agreeing within precision: no discrepancy any more.
      hub.put(
          "alice/m",
          "README.md",
          "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n"
              + "    dataset: {type: acme/bench, name: Bench}\n    metrics:\n"
              + "    - {type: acc, value: 0.64}\n---\n");
      assertThat(discrepancies(hub, "t4", "alice/m")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void thePrivateModelsDiscrepanciesNeverAppearOnAPublicBenchmark(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/public", false).repo("alice/secret", true);
      for (String model : List.of("alice/public", "alice/secret")) {
        hub.put(model, ".eval_results/a.yaml", entry("t4", 0.637, "") + entry("t4", 0.488, ""))
            .put(
                model,
                "README.md",
                "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: x}\n"
                    + "    dataset: {type: acme/bench, name: Bench}\n    metrics:\n"
                    + "    - {type: acc, value: 0.3}\n---\n");
      }

      List<ModelDiscrepancy> all = hub.index.discrepancies(dataset(), Optional.empty());

      assertThat(all).isNotEmpty();
      assertThat(all).allMatch(d -> d.model().fullName().equals("alice/public"));
      // 0.637, 0.488 and the card's 0.3: three pairs, all beyond precision.
      assertThat(all).hasSize(3);
    }
  }

  private static RepoId dataset() {
    return RepoId.parsePath("datasets/" + BENCH).orElseThrow();
  }
}
