package dev.evalhub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of the index's tables as text, in a stable order, for equality checks (an incremental
 * index against a rebuild, one process's index against another's). A row reads {@code table |
 * column=value | ...}, column names lower-cased, rows sorted within their table, tables in the
 * order of {@link #ALL}.
 *
 * <p>Reads through its own JDBC connection, so an H2 index file served by a running hub can be
 * dumped too.
 */
public final class IndexTables {

  /** The index's tables, in dump order. */
  public static final List<String> ALL =
      List.of(
          "index_state",
          "repositories",
          "indexed_refs",
          "pull_requests",
          "flags",
          "benchmarks",
          "benchmark_tasks",
          "benchmark_changes",
          "results",
          "card_results",
          "invalid_files",
          "verification_keys",
          "ref_failures",
          "model_lineage");

  private final String url;
  private final List<String> tables;

  private IndexTables(String url, List<String> tables) {
    this.url = url;
    this.tables = tables;
  }

  /** Every table of the index database at the JDBC {@code url}. */
  public static IndexTables at(String url) {
    return new IndexTables(url, ALL);
  }

  /** These tables but {@code left}. */
  public IndexTables without(String... left) {
    List<String> kept = new ArrayList<>(tables);
    kept.removeAll(List.of(left));
    return new IndexTables(url, List.copyOf(kept));
  }

  /** The rows of the chosen tables, now. */
  public List<String> dump() {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          List<String> tableRows = new ArrayList<>();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              row.append(" | ")
                  .append(meta.getColumnName(i).toLowerCase())
                  .append('=')
                  .append(rs.getString(i));
            }
            tableRows.add(row.toString());
          }
          tableRows.sort(null);
          rows.addAll(tableRows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot dump the index at " + url, e);
    }
    return rows;
  }
}
