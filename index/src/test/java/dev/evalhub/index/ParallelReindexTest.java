package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.index.ReindexSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rebuild whose workers take batches of repositories in parallel gives the rows incremental
 * indexing gave, every time (the order in which batches finish changes nothing), and reports
 * progress one call at a time with counts that only grow up to the number of repositories.
 */
class ParallelReindexTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void parallelRebuildsGiveTheIncrementalRowsAndGrowingProgress(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1", "t2"));
      for (int m = 0; m < 9; m++) {
        String model = (m % 2 == 0 ? "alice" : "bob") + "/model" + m;
        hub.repo(model, m == 4)
            .put(
                model,
                ".eval_results/r.yaml",
                result("acme/bench", "t" + (1 + m % 2), m / 10.0, ""));
      }
      hub.pullRequest("bob/model1", ".eval_results/pr.yaml", result("acme/bench", "t1", 0.9, ""));
      List<String> incremental = hub.dump();

      for (int round = 0; round < 3; round++) {
        List<int[]> calls = new ArrayList<>();
        ReindexSummary summary =
            hub.index.ingestion().reindex((done, total) -> calls.add(new int[] {done, total}));

        assertThat(hub.dump()).containsExactlyElementsOf(incremental);
        assertThat(summary.repositories()).isEqualTo(10);
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c[1]).isEqualTo(10));
        for (int i = 1; i < calls.size(); i++) {
          assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
        }
        assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(10);
      }
    }
  }
}
