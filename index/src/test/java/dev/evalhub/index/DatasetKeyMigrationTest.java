package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index written before the one key convention (datasets keyed {@code ns/name}) is rewritten by
 * migration 3.11 to key them as every repository ({@code datasets/ns/name}).
 */
class DatasetKeyMigrationTest {

  @TempDir Path dir;

  @Test
  void oldDatasetKeysAreRewrittenToTheRepositoryKey() throws Exception {
    String url = Index.defaultUrl(dir.resolve("data"));
    Flyway.configure().dataSource(url, null, null).target("3.10").load().migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO benchmarks VALUES ('acme/bench', 'acme/Bench', 'Bench', 'd', 'f', '"
              + "0".repeat(40)
              + "')");
      s.execute(
          "INSERT INTO benchmark_tasks VALUES ('acme/bench', 't1', 0, 'default', 'test', 'acc', TRUE)");
      s.execute(
          "INSERT INTO results (repo_key, ref_name, file_path, entry_index, commit_id, commit_author,"
              + " commit_time, dataset_key, task_id, result_value, effective_time, verified, group_key, entry_sha256,"
              + " entry_json) VALUES ('alice/gpt', 'refs/heads/main', 'r.yaml', 0, '"
              + "0".repeat(40)
              + "', 'alice',"
              + " 0, 'acme/bench', 't1', 1.0, 0, FALSE, 'g', '"
              + "0".repeat(64)
              + "', '{}')");
    }

    // Up to this migration only: the next (3.13.1) drops every derived row to read them again.
    Flyway.configure().dataSource(url, null, null).target("3.11").load().migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThat(column(s, "SELECT dataset_key FROM benchmarks"))
          .containsExactly("datasets/acme/bench");
      assertThat(column(s, "SELECT dataset_key FROM benchmark_tasks"))
          .containsExactly("datasets/acme/bench");
      assertThat(column(s, "SELECT dataset_key FROM results"))
          .containsExactly("datasets/acme/bench");
    }
  }

  private static List<String> column(Statement s, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
