package dev.evalhub.index.internal;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.PullRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code flags} table (issue 14): one row per flag record of a model repository, replaced whole
 * from the repository's records whenever one of them changes (as {@code pull_requests}), and the
 * reads a leaderboard needs. Stateless.
 */
public final class FlagTables {

  /** A flag as the index holds it, with its model's id as its owner spelled it. */
  public record FlagRow(
      String repoKey,
      String modelId,
      int number,
      String category,
      String status,
      String filePath,
      String notes,
      String entrySha256) {}

  private FlagTables() {}

  /** Replaces the flags of {@code repoKey} by the flags among {@code records}. */
  public static void replace(Connection c, String repoKey, List<PullRequest> records)
      throws SQLException {
    delete(c, repoKey);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO flags (repo_key, flag_number, category, status, file_path, dataset_key,"
                + " task_id, notes, entry_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (PullRequest pr : records) {
        if (pr.flag().isEmpty()) {
          continue;
        }
        Flag flag = pr.flag().get();
        s.setString(1, repoKey);
        s.setInt(2, pr.number().value());
        s.setString(3, flag.category().id());
        s.setString(4, flag.status().id());
        s.setString(5, flag.target().file());
        s.setString(6, IndexKey.ofDataset(flag.target().datasetId()).value());
        s.setString(7, flag.target().taskId());
        s.setString(8, flag.target().notes());
        s.setString(9, flag.target().entrySha256());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  public static void delete(Connection c, String repoKey) throws SQLException {
    try (PreparedStatement s =
        IndexTables.prepare(c, "DELETE FROM flags WHERE repo_key = ?", repoKey)) {
      s.executeUpdate();
    }
  }

  /** The flags of public models on task {@code taskId} of the dataset {@code datasetKey}. */
  public static List<FlagRow> onTask(Connection c, String datasetKey, String taskId)
      throws SQLException {
    String sql =
        "SELECT f.repo_key, repo.repo_id, f.flag_number, f.category, f.status, f.file_path, f.notes,"
            + " f.entry_sha256 FROM flags f JOIN repositories repo ON repo.repo_key = f.repo_key"
            + " WHERE f.dataset_key = ? AND f.task_id = ? AND repo.is_private = FALSE"
            + " ORDER BY f.repo_key, f.flag_number";
    try (PreparedStatement s = IndexTables.prepare(c, sql, datasetKey, taskId);
        ResultSet rs = s.executeQuery()) {
      List<FlagRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            new FlagRow(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)));
      }
      return rows;
    }
  }

  /**
   * The {@code base_model} list of every public model repository that declares one (a private one
   * would be revealed by what it passes on): its key, then the parents' keys (lower case, as README
   * spells them).
   */
  public static Map<String, List<String>> baseModels(Connection c) throws SQLException {
    String sql =
        "SELECT repo_key, base_model FROM repositories WHERE base_model IS NOT NULL"
            + " AND repo_type = 'model' AND is_private = FALSE ORDER BY repo_key";
    try (PreparedStatement s = IndexTables.prepare(c, sql);
        ResultSet rs = s.executeQuery()) {
      Map<String, List<String>> parents = new LinkedHashMap<>();
      while (rs.next()) {
        List<String> keys = new ArrayList<>();
        for (String parent : rs.getString(2).split(",")) {
          if (!parent.isBlank()) {
            keys.add(parent.strip().toLowerCase(java.util.Locale.ROOT));
          }
        }
        parents.put(rs.getString(1), keys);
      }
      return parents;
    }
  }
}
