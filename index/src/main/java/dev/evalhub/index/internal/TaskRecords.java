package dev.evalhub.index.internal;

import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.domain.leaderboard.TaskNotice;
import dev.evalhub.domain.leaderboard.Trust;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of a benchmark's public record (issue 14), in portable SQL: a task's state as its
 * {@code eval.yaml} declares it now, with the commits of the changes record that declared each
 * invalid version and set its status, and the whole changes record with how many results each
 * change affects, counted now. Works on the caller's connection. Stateless.
 */
public final class TaskRecords {

  /** The results a change may concern: public models' entries of main and open pull requests. */
  private static final String VISIBLE =
      "SELECT COUNT(*) FROM (SELECT DISTINCT r.repo_key, r.entry_sha256 FROM results r"
          + " JOIN repositories repo ON repo.repo_key = r.repo_key"
          + " LEFT JOIN pull_requests p ON p.repo_key = r.repo_key AND p.pr_number = r.pr_number"
          + " WHERE r.dataset_key = ? AND r.task_id = ? AND repo.is_private = FALSE"
          + " AND (r.pr_number IS NULL OR p.status = 'open')";

  private TaskRecords() {}

  /**
   * A task's record now: its declared invalid versions, each with the invalidation of the commit
   * that (last) declared it, and its banner when deprecated or withdrawn ({@code withdrawnAt}: the
   * withdrawing commit's time in milliseconds, when withdrawn).
   */
  public record State(
      List<String> invalidVersions,
      Map<String, Trust.Invalidation> invalidations,
      Optional<TaskNotice> notice,
      Optional<Long> withdrawnAt) {

    /** A task of which nothing stands on the record. */
    public static final State NONE =
        new State(List.of(), Map.of(), Optional.empty(), Optional.empty());

    public State {
      invalidVersions = List.copyOf(invalidVersions);
      invalidations = Map.copyOf(invalidations);
    }
  }

  /**
   * The record of task {@code taskId} of the benchmark {@code datasetKey} ({@link State#NONE}:
   * none).
   */
  public static State state(Connection c, String datasetKey, String taskId) throws SQLException {
    List<String> invalid;
    String status;
    String statusReason;
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT invalid_versions, task_status, status_reason FROM benchmark_tasks"
                    + " WHERE dataset_key = ? AND task_id = ?",
                datasetKey,
                taskId);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return State.NONE;
      }
      invalid = BenchmarkChanges.versions(rs.getString(1));
      status = rs.getString(2);
      statusReason = rs.getString(3);
    }
    Map<String, Trust.Invalidation> invalidations = new LinkedHashMap<>();
    for (String version : invalid) {
      Optional<BenchmarkChanges.Row> row =
          latest(c, datasetKey, taskId, "invalid_versions", version);
      row.ifPresent(
          r ->
              invalidations.put(
                  version,
                  new Trust.Invalidation(
                      version,
                      Instant.ofEpochMilli(r.timeMillis()),
                      r.account(),
                      r.reason(),
                      r.commitId(),
                      Trust.Invalidation.Cause.INVALID_VERSION)));
    }
    Optional<TaskNotice> notice = Optional.empty();
    Optional<Long> withdrawnAt = Optional.empty();
    TaskNotice.Status noticed =
        "deprecated".equals(status)
            ? TaskNotice.Status.DEPRECATED
            : "withdrawn".equals(status) ? TaskNotice.Status.WITHDRAWN : null;
    if (noticed != null) {
      Optional<BenchmarkChanges.Row> row = latest(c, datasetKey, taskId, "status", status);
      if (row.isPresent()) {
        BenchmarkChanges.Row r = row.get();
        notice =
            Optional.of(
                new TaskNotice(
                    noticed,
                    statusReason == null ? r.reason() : statusReason,
                    Instant.ofEpochMilli(r.timeMillis()),
                    r.account(),
                    r.commitId()));
        if (noticed == TaskNotice.Status.WITHDRAWN) {
          withdrawnAt = Optional.of(r.timeMillis());
        }
      }
    }
    return new State(invalid, invalidations, notice, withdrawnAt);
  }

  /** The newest change of {@code field} to {@code newValue} of a task, if the record holds one. */
  private static Optional<BenchmarkChanges.Row> latest(
      Connection c, String datasetKey, String taskId, String field, String newValue)
      throws SQLException {
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT commit_id, account, commit_time, reason FROM benchmark_changes"
                    + " WHERE dataset_key = ? AND task_id = ? AND field = ? AND new_value = ?"
                    + " ORDER BY position",
                datasetKey,
                taskId,
                field,
                newValue);
        ResultSet rs = s.executeQuery()) {
      return rs.next()
          ? Optional.of(
              new BenchmarkChanges.Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  taskId,
                  field,
                  null,
                  newValue,
                  rs.getString(4)))
          : Optional.empty();
    }
  }

  /**
   * The changes record of the benchmark {@code datasetKey}, newest first, each with how many
   * results it affects now (see {@link BenchmarkChange}).
   */
  public static List<BenchmarkChange> changes(Connection c, String datasetKey) throws SQLException {
    List<BenchmarkChanges.Row> rows = new ArrayList<>();
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT commit_id, account, commit_time, task_id, field, old_value, new_value, reason"
                    + " FROM benchmark_changes WHERE dataset_key = ? ORDER BY position",
                datasetKey);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new BenchmarkChanges.Row(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)));
      }
    }
    Map<String, Long> counts = new HashMap<>();
    List<BenchmarkChange> changes = new ArrayList<>(rows.size());
    for (BenchmarkChanges.Row r : rows) {
      changes.add(
          new BenchmarkChange(
              r.commitId(),
              r.account(),
              Instant.ofEpochMilli(r.timeMillis()),
              r.taskId(),
              r.field(),
              Optional.ofNullable(r.oldValue()),
              Optional.ofNullable(r.newValue()),
              r.reason(),
              affected(c, datasetKey, r, counts)));
    }
    return changes;
  }

  /** How many visible results of the change's task it concerns now (memoised per question). */
  private static long affected(
      Connection c, String datasetKey, BenchmarkChanges.Row r, Map<String, Long> counts)
      throws SQLException {
    String sql;
    Object parameter;
    switch (r.field()) {
      case "invalid_versions" -> {
        sql = VISIBLE + " AND r.task_version = ?) x";
        parameter = r.newValue() != null ? r.newValue() : r.oldValue();
      }
      case "status" -> {
        if ("withdrawn".equals(r.newValue())) {
          sql = VISIBLE + " AND r.commit_time > ?) x";
          parameter = r.timeMillis();
        } else {
          sql = VISIBLE + ") x";
          parameter = null;
        }
      }
      case "version" -> {
        if (r.newValue() != null) {
          sql = VISIBLE + " AND (r.task_version IS NULL OR r.task_version <> ?)) x";
          parameter = r.newValue();
        } else {
          sql = VISIBLE + ") x";
          parameter = null;
        }
      }
      default -> {
        sql = VISIBLE + ") x";
        parameter = null;
      }
    }
    String key = r.taskId() + "\n" + sql + "\n" + parameter;
    Long known = counts.get(key);
    if (known != null) {
      return known;
    }
    Object[] values =
        parameter == null
            ? new Object[] {datasetKey, r.taskId()}
            : new Object[] {datasetKey, r.taskId(), parameter};
    try (PreparedStatement s = IndexTables.prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      long count = rs.getLong(1);
      counts.put(key, count);
      return count;
    }
  }
}
