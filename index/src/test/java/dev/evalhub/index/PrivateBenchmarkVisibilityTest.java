package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.leaderboard.RecentResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A public model's results that name a private benchmark read, for whoever may not see the
 * benchmark, exactly as results naming a dataset that does not exist: no leaderboard badge, the
 * same reason, the same recent results.
 */
@Tag("hostile")
class PrivateBenchmarkVisibilityTest {

  @TempDir Path dir;

  /**
   * What a caller learns of the model's results: each one's badges and the reason it is on no
   * leaderboard.
   */
  private static List<String> seen(IndexFixture hub, Optional<Caller> caller) {
    return hub.evalResults("bob/model", caller).stream()
        .map(
            r ->
                Rows.badges(r).stream().map(b -> Rows.type(b) + ":" + b.label()).toList()
                    + " "
                    + Rows.notOnLeaderboard(r))
        .toList();
  }

  private static IndexFixture hub(String database, Path dir, boolean privateBenchmark)
      throws Exception {
    IndexFixture hub = IndexFixture.of(database, dir);
    if (privateBenchmark) {
      hub.repo("datasets/alice/Secret-Bench", true)
          .put("datasets/alice/Secret-Bench", "eval.yaml", evalYaml("Secret", "t1", "t2"));
    }
    hub.repo("bob/model", false)
        .put(
            "bob/model",
            ".eval_results/r.yaml",
            result("alice/secret-bench", "t1", 1, "") + result("ALICE/SECRET-BENCH", "t9", 2, ""));
    return hub;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void resultsNamingAPrivateBenchmarkReadAsNamingAMissingOne(String database) throws Exception {
    List<String> withoutBenchmark;
    List<RecentResult> recentWithout;
    try (IndexFixture hub = hub(database, dir.resolve("without"), false)) {
      withoutBenchmark = seen(hub, Optional.empty());
      recentWithout = hub.index.recentResults(10);
    }
    try (IndexFixture hub = hub(database, dir.resolve("with"), true)) {
      assertThat(seen(hub, Optional.empty())).isEqualTo(withoutBenchmark);
      assertThat(seen(hub, Optional.of(new Caller("bob", Role.WRITE))))
          .isEqualTo(withoutBenchmark)
          .containsExactly(
              "[] dataset \"alice/secret-bench\" is not a registered benchmark",
              "[] dataset \"ALICE/SECRET-BENCH\" is not a registered benchmark");
      assertThat(hub.index.recentResults(10))
          .extracting(RecentResult::datasetId)
          .isEqualTo(recentWithout.stream().map(RecentResult::datasetId).toList());
      assertThat(seen(hub, Optional.of(new Caller("alice", Role.READ))))
          .as("the owner sees her benchmark")
          .containsExactly(
              "[leaderboard:alice/Secret-Bench/t1] null",
              "[] \"t9\" is not a task of the benchmark alice/Secret-Bench");
    }
  }
}
