package dev.evalhub.index.internal;

import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.RecentResult;
import dev.evalhub.formats.model.TaskSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads behind the API, in portable SQL. Works on the caller's connection. Stateless. */
public final class IndexQueries {

  private static final String CANDIDATE_COLUMNS =
      "repo.repo_id, repo.namespace, repo.owner_is_org, r.pr_number,"
          + " r.file_path, r.entry_index, r.result_value, r.stderr, r.verified, r.verify_reason, r.verify_issuer,"
          + " r.source_url, r.source_label, r.notes, r.effective_time, r.group_key, r.entry_sha256, r.entry_json,"
          + " r.commit_author, r.num_samples, r.sample_count, r.sample_binary, r.sample_stderr,"
          + " r.sample_clusters, r.sample_clustered_stderr, r.samples_sha256, r.details_status,"
          + " r.details_message, r.sample_metric, r.task_version, r.commit_time, repo.mirror_of";

  /** How many columns {@link #CANDIDATE_COLUMNS} selects: a query's own columns follow them. */
  private static final int CANDIDATE_COUNT = CANDIDATE_COLUMNS.split(",").length;

  private static final String BENCHMARK_COLUMNS =
      "SELECT b.dataset_key, b.dataset_id, b.name, b.description,"
          + " b.framework, t.task_id, t.config, t.split, t.metric_name, t.higher_is_better,"
          + " t.range_min, t.range_max, t.reference_json, t.metric_kind FROM benchmarks b"
          + " JOIN benchmark_tasks t ON t.dataset_key = b.dataset_key";

  private IndexQueries() {}

  /** A result row of a model with whether its benchmark and task are registered. */
  public record ModelRow(
      Candidate candidate,
      String datasetId,
      String datasetKey,
      String taskId,
      boolean benchmarkRegistered,
      boolean taskRegistered) {
    /**
     * This row as if its benchmark were not registered (for a caller who may not see the
     * benchmark).
     */
    public ModelRow unregistered() {
      return new ModelRow(candidate, null, datasetKey, taskId, false, false);
    }
  }

  /** An invalid file of a model. */
  public record InvalidRow(String filePath, Integer prNumber, String diagnostics) {}

  /** Every registered benchmark of a public dataset, with its tasks in file order. */
  public static Map<String, BenchmarkInfo> publicBenchmarks(Connection c) throws SQLException {
    return benchmarks(
        c,
        BENCHMARK_COLUMNS
            + " JOIN repositories repo ON repo.repo_id = b.dataset_id"
            + " AND repo.repo_type = 'dataset' WHERE repo.is_private = FALSE ORDER BY b.dataset_key, t.position");
  }

  /**
   * The dataset ids of every registered benchmark, public or private (their visibility is the
   * caller's to check), spelled as their owners wrote them.
   */
  public static List<String> benchmarkIds(Connection c) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s =
            IndexTables.prepare(c, "SELECT dataset_id FROM benchmarks ORDER BY dataset_key");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** The benchmark of one dataset (its visibility is the caller's to check), or none. */
  public static Optional<BenchmarkInfo> benchmark(Connection c, String datasetKey)
      throws SQLException {
    return benchmarks(
            c, BENCHMARK_COLUMNS + " WHERE b.dataset_key = ? ORDER BY t.position", datasetKey)
        .values()
        .stream()
        .findFirst();
  }

  private static Map<String, BenchmarkInfo> benchmarks(Connection c, String sql, Object... values)
      throws SQLException {
    Map<String, BenchmarkInfo> benchmarks = new LinkedHashMap<>();
    Map<String, List<BenchmarkInfo.Task>> tasks = new LinkedHashMap<>();
    try (PreparedStatement s = IndexTables.prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String key = rs.getString(1);
        List<BenchmarkInfo.Task> list = tasks.computeIfAbsent(key, k -> new ArrayList<>());
        list.add(
            new BenchmarkInfo.Task(
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getBoolean(10),
                rs.getObject(11) == null
                    ? Optional.empty()
                    : Optional.of(new TaskSettings.Range(rs.getDouble(11), rs.getDouble(12))),
                Optional.ofNullable(rs.getString(13)).map(MethodologyGroup::fromJson),
                Optional.ofNullable(rs.getString(14)).map(TaskSettings.MetricKind::valueOf)));
        benchmarks.put(
            key,
            new BenchmarkInfo(
                Views.benchmark(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                list));
      }
    }
    return benchmarks;
  }

  /** The candidates of a task: public models' entries from main and from open pull requests. */
  public static List<Candidate> candidates(
      Connection c, String datasetKey, String taskId, boolean baseModelsOnly) throws SQLException {
    String sql =
        "SELECT "
            + CANDIDATE_COLUMNS
            + " FROM results r"
            + " JOIN repositories repo ON repo.repo_key = r.repo_key"
            + " LEFT JOIN pull_requests p ON p.repo_key = r.repo_key AND p.pr_number = r.pr_number"
            + " WHERE r.dataset_key = ? AND r.task_id = ? AND repo.is_private = FALSE"
            + " AND (r.pr_number IS NULL OR p.status = 'open')"
            + " AND (repo.base_model IS NULL OR ? = FALSE)";
    try (PreparedStatement s = IndexTables.prepare(c, sql, datasetKey, taskId, baseModelsOnly);
        ResultSet rs = s.executeQuery()) {
      List<Candidate> candidates = new ArrayList<>();
      while (rs.next()) {
        candidates.add(candidate(rs));
      }
      return candidates;
    }
  }

  /**
   * Every entry of a model from main and from its open pull requests, with its benchmark's
   * registration.
   */
  public static List<ModelRow> modelResults(Connection c, String repoKey) throws SQLException {
    String sql =
        "SELECT "
            + CANDIDATE_COLUMNS
            + ", r.dataset_key, r.task_id, b.dataset_id, t.task_id"
            + " FROM results r JOIN repositories repo ON repo.repo_key = r.repo_key"
            + " LEFT JOIN pull_requests p ON p.repo_key = r.repo_key AND p.pr_number = r.pr_number"
            + " LEFT JOIN benchmarks b ON b.dataset_key = r.dataset_key"
            + " LEFT JOIN benchmark_tasks t ON t.dataset_key = r.dataset_key AND t.task_id = r.task_id"
            + " WHERE r.repo_key = ? AND (r.pr_number IS NULL OR p.status = 'open')"
            + " ORDER BY COALESCE(r.pr_number, 0), r.file_path, r.entry_index";
    try (PreparedStatement s = IndexTables.prepare(c, sql, repoKey);
        ResultSet rs = s.executeQuery()) {
      List<ModelRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            new ModelRow(
                candidate(rs),
                rs.getString(CANDIDATE_COUNT + 3),
                rs.getString(CANDIDATE_COUNT + 1),
                rs.getString(CANDIDATE_COUNT + 2),
                rs.getString(CANDIDATE_COUNT + 3) != null,
                rs.getString(CANDIDATE_COUNT + 4) != null));
      }
      return rows;
    }
  }

  /**
   * A model's entries from main and from its open pull requests, optionally of one dataset (its
   * key) and one task, by dataset, task, group, then where they live: what a methodology spread
   * reads.
   */
  public static List<Candidate> modelTaskResults(
      Connection c, String repoKey, Optional<String> datasetKey, Optional<String> taskId)
      throws SQLException {
    List<Object> values = new ArrayList<>(List.of(repoKey));
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + CANDIDATE_COLUMNS
                + " FROM results r JOIN repositories repo ON repo.repo_key = r.repo_key"
                + " LEFT JOIN pull_requests p ON p.repo_key = r.repo_key AND p.pr_number = r.pr_number"
                + " WHERE r.repo_key = ? AND (r.pr_number IS NULL OR p.status = 'open')");
    // Conditions are added, never "? IS NULL": PostgreSQL cannot type a bare null parameter.
    datasetKey.ifPresent(
        key -> {
          sql.append(" AND r.dataset_key = ?");
          values.add(key);
        });
    taskId.ifPresent(
        task -> {
          sql.append(" AND r.task_id = ?");
          values.add(task);
        });
    sql.append(
        " ORDER BY r.dataset_key, r.task_id, r.group_key, COALESCE(r.pr_number, 0), r.file_path,"
            + " r.entry_index");
    try (PreparedStatement s = IndexTables.prepare(c, sql.toString(), values.toArray());
        ResultSet rs = s.executeQuery()) {
      List<Candidate> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(candidate(rs));
      }
      return rows;
    }
  }

  /**
   * The latest results on public models' {@code main}, newest commit first, at most {@code limit}.
   */
  public static List<RecentResult> recentResults(Connection c, int limit) throws SQLException {
    String sql =
        "SELECT repo.repo_id, b.dataset_id, r.task_id, r.result_value, r.verified,"
            + " r.commit_time, r.dataset_key FROM results r JOIN repositories repo ON repo.repo_key = r.repo_key"
            // Only a public benchmark may lend its spelling: a private one must read as a missing
            // one.
            + " LEFT JOIN benchmarks b ON b.dataset_key = r.dataset_key AND EXISTS (SELECT 1 FROM repositories d"
            + " WHERE d.repo_id = b.dataset_id AND d.repo_type = 'dataset' AND d.is_private = FALSE)"
            + " WHERE r.pr_number IS NULL AND repo.is_private = FALSE"
            + " ORDER BY r.commit_time DESC, repo.repo_id, r.file_path, r.entry_index";
    try (PreparedStatement s = IndexTables.prepare(c, sql)) {
      // setMaxRows rather than LIMIT/FETCH FIRST: the same on H2 and PostgreSQL.
      s.setMaxRows(limit);
      try (ResultSet rs = s.executeQuery()) {
        List<RecentResult> rows = new ArrayList<>();
        while (rs.next()) {
          String datasetId =
              rs.getString(2) != null
                  ? rs.getString(2)
                  : rs.getString(7).substring(RepoType.DATASET.urlPrefix().length());
          rows.add(
              new RecentResult(
                  Views.model(rs.getString(1)),
                  datasetId,
                  rs.getString(3),
                  rs.getDouble(4),
                  rs.getBoolean(5),
                  Instant.ofEpochMilli(rs.getLong(6))));
        }
        return rows;
      }
    }
  }

  public static List<InvalidRow> invalidFiles(Connection c, String repoKey) throws SQLException {
    String sql =
        "SELECT f.file_path, f.pr_number, f.diagnostics FROM invalid_files f"
            + " LEFT JOIN pull_requests p ON p.repo_key = f.repo_key AND p.pr_number = f.pr_number"
            + " WHERE f.repo_key = ? AND (f.pr_number IS NULL OR p.status = 'open')"
            + " ORDER BY COALESCE(f.pr_number, 0), f.file_path";
    try (PreparedStatement s = IndexTables.prepare(c, sql, repoKey);
        ResultSet rs = s.executeQuery()) {
      List<InvalidRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(new InvalidRow(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)));
      }
      return rows;
    }
  }

  /** Every recorded failure, by repository and ref. */
  public static List<IndexFailure> failures(Connection c) throws SQLException {
    String sql =
        "SELECT repo_id, is_private, ref_name, commit_id, error_message, commit_time FROM ref_failures"
            + " ORDER BY repo_key, ref_name";
    try (PreparedStatement s = IndexTables.prepare(c, sql);
        ResultSet rs = s.executeQuery()) {
      List<IndexFailure> rows = new ArrayList<>();
      while (rs.next()) {
        Long time = (Long) rs.getObject(6);
        rows.add(
            new IndexFailure(
                rs.getString(1),
                rs.getBoolean(2),
                rs.getString(3),
                Optional.ofNullable(rs.getString(4)),
                rs.getString(5),
                Optional.ofNullable(time).map(Instant::ofEpochMilli)));
      }
      return rows;
    }
  }

  /** The per-item scores stored for a row's details (any row with its entry and details). */
  public static Optional<SampleCodec.Scores> samples(Connection c, Candidate candidate)
      throws SQLException {
    if (candidate.samples() == null) {
      return Optional.empty();
    }
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT samples FROM results WHERE samples_sha256 = ? AND entry_sha256 = ?"
                    + " AND samples IS NOT NULL",
                candidate.samples().sha256(),
                candidate.entrySha256());
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(SampleCodec.decode(rs.getBytes(1))) : Optional.empty();
    }
  }

  private static Candidate candidate(ResultSet rs) throws SQLException {
    return new Candidate(
        rs.getString(1),
        rs.getString(2),
        rs.getBoolean(3),
        (Integer) rs.getObject(4),
        rs.getString(5),
        rs.getInt(6),
        rs.getDouble(7),
        (Double) rs.getObject(8),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getLong(15),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18),
        rs.getString(19),
        (Long) rs.getObject(20),
        rs.getObject(21) == null
            ? null
            : new SampleSummary(
                rs.getInt(21),
                rs.getBoolean(22),
                rs.getDouble(23),
                (Integer) rs.getObject(24),
                (Double) rs.getObject(25),
                rs.getString(26),
                rs.getString(29)),
        rs.getString(27),
        rs.getString(28),
        rs.getString(30),
        rs.getLong(31),
        rs.getString(32));
  }
}
