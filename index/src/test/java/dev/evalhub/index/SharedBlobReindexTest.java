package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rebuild reads a results blob met before (the same bytes in other models, a pull request head
 * sharing main's file) from what its worker kept ({@code ParsedResults}): the rows are still those
 * incremental indexing gave, each with its own repository, ref, pull request, commit and
 * verification, an invalid file included.
 */
class SharedBlobReindexTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void blobsSharedAcrossRepositoriesAndRefsGiveTheIncrementalRows(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1", "t2"));
      String shared = result("acme/bench", "t1", 0.5, "  notes: same bytes everywhere\n");
      for (int m = 0; m < 6; m++) {
        String model = (m % 2 == 0 ? "alice" : "bob") + "/model" + m;
        hub.repo(model, false).put(model, ".eval_results/r.yaml", shared);
      }
      hub.pullRequest("bob/model1", ".eval_results/pr.yaml", result("acme/bench", "t2", 0.9, ""));
      hub.pullRequest("alice/model2", ".eval_results/pr.yaml", shared);
      // The same invalid bytes on two pull requests (a push may carry them; a server commit not).
      String invalid = "- dataset: [not, a, mapping\n";
      hub.pullRequest("bob/model3", ".eval_results/bad.yaml", invalid);
      hub.pullRequest("alice/model4", ".eval_results/bad.yaml", invalid);
      List<String> incremental = hub.dump();

      hub.index.ingestion().reindex((done, total) -> {});

      assertThat(hub.dump()).containsExactlyElementsOf(incremental);
      // Six models' main, four pull request heads with main's file, one more copy in a PR file.
      assertThat(incremental.stream().filter(row -> row.contains("same bytes everywhere")))
          .hasSize(11);
      assertThat(incremental.stream().filter(row -> row.contains("bad.yaml"))).hasSize(2);
    }
  }
}
