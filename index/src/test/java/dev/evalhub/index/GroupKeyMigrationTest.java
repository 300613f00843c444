package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Leaderboard;
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
 * An index written before issue 13 (group keys without {@code task_version}, tasks without their
 * range and reference) is recomputed on the first start: migration 3.13.1 drops the derived rows
 * and the start-up reconcile reads every repository again, although no ref moved.
 */
class GroupKeyMigrationTest {

  @TempDir Path dir;

  @Test
  void anOldIndexIsReadAgainOnStartUpThoughNoRefMoved() throws Exception {
    Path data = dir.resolve("data");
    String url = Index.defaultUrl(data);
    try (TestStorage test = TestStorage.open(data).users("alice").org("acme", "alice")) {
      Storage storage = test.storage();
      RepoId bench = RepoId.parsePath("datasets/acme/bench").orElseThrow();
      RepoId model = RepoId.parsePath("alice/m").orElseThrow();
      test.repo(bench).repo(model);
      TestStorage.commitFile(
          storage,
          bench,
          "eval.yaml",
          evalYaml("Bench", "t1")
              + "evalhub:\n  tasks:\n    t1:\n      metric:\n        range: [0, 1]\n",
          "b",
          "alice");
      TestStorage.commitFile(
          storage,
          model,
          ".eval_results/r.yaml",
          result("acme/bench", "t1", 63.6, "  methodology:\n    task_version: \"2\"\n"),
          "r",
          "alice");
      Flyway.configure().dataSource(url, null, null).target("3.11").load().migrate();
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        // What the index of then held for these heads: a ranked row in the old group.
        s.execute(
            "INSERT INTO repositories VALUES ('alice/m', 'model', 'alice/m', 'alice', FALSE, FALSE,"
                + " NULL), ('datasets/acme/bench', 'dataset', 'acme/bench', 'acme', TRUE, FALSE,"
                + " NULL)");
        s.execute(
            "INSERT INTO indexed_refs VALUES ('alice/m', 'refs/heads/main', NULL, '"
                + head(storage, model)
                + "'), ('datasets/acme/bench', 'refs/heads/main', NULL, '"
                + head(storage, bench)
                + "')");
        s.execute(
            "INSERT INTO benchmarks VALUES ('datasets/acme/bench', 'acme/bench', 'Bench', 'd', 'f',"
                + " '"
                + head(storage, bench)
                + "')");
        s.execute(
            "INSERT INTO benchmark_tasks VALUES ('datasets/acme/bench', 't1', 0, 'default', 'test',"
                + " NULL, TRUE)");
        s.execute(
            "INSERT INTO results (repo_key, ref_name, file_path, entry_index, commit_id,"
                + " commit_author, commit_time, dataset_key, task_id, result_value, effective_time,"
                + " verified, group_key, entry_sha256, entry_json) VALUES ('alice/m',"
                + " 'refs/heads/main', '.eval_results/r.yaml', 0, '"
                + head(storage, model)
                + "', 'alice', 0, 'datasets/acme/bench', 't1', 63.6, 0, FALSE, 'framework=x', '"
                + "0".repeat(64)
                + "', '{}')");
      }

      try (Index index = Index.open(url, storage, TrustedIssuers.none())) {
        index.ingestion().reconcile();
        Leaderboard board = index.leaderboard(new TaskRef(bench, "t1"), false);

        assertThat(board.entries()).isEmpty();
        assertThat(board.flagged())
            .singleElement()
            .satisfies(
                row ->
                    assertThat(row.provenance().group().values())
                        .containsEntry("task_version", "2"));
      }
    }
  }

  private static String head(Storage storage, RepoId id) throws Exception {
    try (RepoReader reader = storage.reader(id)) {
      return reader.head(RefNames.MAIN).orElseThrow().hex();
    }
  }
}
