package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoReader;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index written before lineage (issue 14) gets its {@code model_lineage} rows on the first
 * start: migration 3.14.4 makes the start-up reconcile read models' {@code main} again, although no
 * ref moved, results included.
 */
class LineageMigrationTest {

  @TempDir Path dir;

  @Test
  void anIndexFromBeforeLineageFillsItOnStartUpThoughNoRefMoved() throws Exception {
    Path data = dir.resolve("data");
    String url = Index.defaultUrl(data);
    try (TestStorage test = TestStorage.open(data).users("alice").org("acme", "alice")) {
      Storage storage = test.storage();
      RepoId bench = RepoId.parsePath("datasets/acme/bench").orElseThrow();
      RepoId base = RepoId.parsePath("acme/base").orElseThrow();
      RepoId tune = RepoId.parsePath("alice/tune").orElseThrow();
      test.repo(bench).repo(base).repo(tune);
      TestStorage.commitFile(storage, bench, "eval.yaml", evalYaml("Bench", "t1"), "b", "alice");
      TestStorage.commitFile(
          storage,
          tune,
          "README.md",
          "---\nbase_model: acme/base\nbase_model_relation: finetune\n---\n",
          "card",
          "alice");
      TestStorage.commitFile(
          storage, tune, ".eval_results/r.yaml", result("acme/bench", "t1", 61, ""), "r", "alice");
      Flyway.configure().dataSource(url, null, null).target("3.13.2").load().migrate();
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        // What the index of then held for these heads: the base model, main indexed, no lineage.
        s.execute(
            "INSERT INTO repositories VALUES ('alice/tune', 'model', 'alice/tune', 'alice', FALSE,"
                + " FALSE, 'acme/base'), ('acme/base', 'model', 'acme/base', 'acme', TRUE, FALSE,"
                + " NULL), ('datasets/acme/bench', 'dataset', 'acme/bench', 'acme', TRUE, FALSE,"
                + " NULL)");
        s.execute(
            "INSERT INTO indexed_refs VALUES ('alice/tune', 'refs/heads/main', NULL, '"
                + head(storage, tune)
                + "')");
      }

      try (Index index = Index.open(url, storage, TrustedIssuers.none())) {
        index.ingestion().reconcile();

        assertThat(index.descendants(base))
            .singleElement()
            .satisfies(d -> assertThat(d.model()).isEqualTo(tune));
        assertThat(index.leaderboard(new TaskRef(bench, "t1"), false).entries())
            .singleElement()
            .satisfies(row -> assertThat(row.score().value()).isEqualTo(61.0));
      }
    }
  }

  private static String head(Storage storage, RepoId id) throws Exception {
    try (RepoReader reader = storage.reader(id)) {
      return reader.head(RefNames.MAIN).orElseThrow().hex();
    }
  }
}
