package dev.evalhub.index.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.CommitId;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.storage.RepoReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Derives a benchmark's changes record (issue 14) from the git history of its {@code eval.yaml} on
 * {@code main} ({@link RepoReader#history}, at most {@link RepoReader#MAX_HISTORY_COMMITS} commits)
 * and writes it to {@code benchmark_changes}: for every commit that changed the file, the parsed
 * old and new files compared task by task. A version that is not a valid {@code eval.yaml} changes
 * nothing (the next valid one is compared with the last valid one); a removed file removes every
 * task; a task added reports its initial status (other than active) and invalid versions too. The
 * record depends only on the head of {@code main}, so incremental indexing equals a rebuild.
 * Stateless.
 */
public final class BenchmarkChanges {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVAL_YAML = "eval.yaml";

  private BenchmarkChanges() {}

  /** One change as the table stores it. */
  record Row(
      String commitId,
      String account,
      long timeMillis,
      String taskId,
      String field,
      String oldValue,
      String newValue,
      String reason) {}

  /**
   * Replaces the changes record of the dataset {@code datasetKey} with the one read from the
   * history of {@code eval.yaml} up to {@code head}.
   */
  public static void rebuild(
      Connection c, EvalFormats formats, String datasetKey, RepoReader reader, CommitId head)
      throws SQLException, IOException {
    delete(c, datasetKey);
    List<Row> rows = derive(formats, reader.history(head, EVAL_YAML).versions());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO benchmark_changes (dataset_key, position, commit_id, account, commit_time,"
                + " task_id, field, old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)")) {
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        s.setString(1, datasetKey);
        s.setInt(2, i);
        s.setString(3, r.commitId());
        s.setString(4, r.account());
        s.setLong(5, r.timeMillis());
        s.setString(6, r.taskId());
        s.setString(7, r.field());
        s.setString(8, r.oldValue());
        s.setString(9, r.newValue());
        s.setString(10, r.reason());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Forgets the changes record of the dataset {@code datasetKey}. */
  public static void delete(Connection c, String datasetKey) throws SQLException {
    try (PreparedStatement s =
        IndexTables.prepare(c, "DELETE FROM benchmark_changes WHERE dataset_key = ?", datasetKey)) {
      s.executeUpdate();
    }
  }

  /** The changes of {@code versions} (newest first), newest first; within a commit, file order. */
  static List<Row> derive(EvalFormats formats, List<RepoReader.PathVersion> versions) {
    List<List<Row>> byCommit = new ArrayList<>();
    Benchmark previous = null;
    for (int i = versions.size() - 1; i >= 0; i--) {
      RepoReader.PathVersion version = versions.get(i);
      Benchmark current;
      if (version.content().isEmpty()) {
        current = new Benchmark("", "", "", List.of(), Map.of());
      } else {
        Validated<Benchmark> read = formats.readBenchmark(version.content().get());
        if (read.value().isEmpty()) {
          continue;
        }
        current = read.value().get();
      }
      byCommit.add(diff(version, previous, current));
      previous = current;
    }
    List<Row> rows = new ArrayList<>();
    for (int i = byCommit.size() - 1; i >= 0; i--) {
      rows.addAll(byCommit.get(i));
    }
    return rows;
  }

  private static List<Row> diff(RepoReader.PathVersion commit, Benchmark old, Benchmark now) {
    Set<String> ids = new LinkedHashSet<>();
    now.tasks().stream().map(BenchmarkTask::id).forEach(ids::add);
    if (old != null) {
      old.tasks().stream().map(BenchmarkTask::id).forEach(ids::add);
    }
    List<Row> rows = new ArrayList<>();
    for (String id : ids) {
      boolean before = old != null && old.task(id).isPresent();
      boolean after = now.task(id).isPresent();
      Changes changes = new Changes(commit, id, rows);
      if (!before) {
        changes.add("task", null, id);
        TaskSettings added = now.settings(id);
        if (added.status() != TaskSettings.TaskStatus.ACTIVE) {
          changes.status(null, added);
        }
        added.invalidVersions().forEach(v -> changes.add("invalid_versions", null, v));
        continue;
      }
      if (!after) {
        changes.add("task", id, null);
        continue;
      }
      compare(changes, old.settings(id), now.settings(id));
    }
    return rows;
  }

  private static void compare(Changes changes, TaskSettings a, TaskSettings b) {
    if (a.status() != b.status()) {
      changes.status(a.status().id(), b);
    } else {
      changes.add("status_reason", a.statusReason(), b.statusReason());
    }
    for (String v : a.invalidVersions()) {
      if (!b.invalidVersions().contains(v)) {
        changes.add("invalid_versions", v, null);
      }
    }
    for (String v : b.invalidVersions()) {
      if (!a.invalidVersions().contains(v)) {
        changes.add("invalid_versions", null, v);
      }
    }
    changes.add("version", a.version(), b.version());
    changes.add("metric.name", a.metric().name(), b.metric().name());
    changes.add(
        "metric.higher_is_better",
        Boolean.toString(a.metric().higherIsBetter()),
        Boolean.toString(b.metric().higherIsBetter()));
    changes.add(
        "metric.range",
        text(a.metric().range(), Ranking::text),
        text(b.metric().range(), Ranking::text));
    changes.add(
        "metric.kind",
        text(a.metric().kind(), TaskSettings.MetricKind::id),
        text(b.metric().kind(), TaskSettings.MetricKind::id));
    changes.add(
        "reference",
        text(a.reference(), MethodologyGroup::json),
        text(b.reference(), MethodologyGroup::json));
    changes.add("sources", sources(a.sources()), sources(b.sources()));
  }

  private static <T> String text(T value, Function<T, String> format) {
    return value == null ? null : format.apply(value);
  }

  private static String sources(List<TaskSettings.FrameworkSource> sources) {
    if (sources.isEmpty()) {
      return null;
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (TaskSettings.FrameworkSource s : sources) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("framework", s.framework());
      m.put("task", s.task());
      m.put("metric", s.metric());
      m.put("scale", s.scale());
      list.add(m);
    }
    return write(list);
  }

  /** A task's {@code invalid_versions} as the index stores it (a JSON array), null when empty. */
  public static String versionsText(List<String> versions) {
    return versions.isEmpty() ? null : write(versions);
  }

  /** The versions {@link #versionsText} wrote. */
  public static List<String> versions(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return JSON.readValue(text, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the index stores only JSON it wrote", e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plain tree", e);
    }
  }

  /** Collects one commit's changes of one task. */
  private record Changes(RepoReader.PathVersion commit, String taskId, List<Row> rows) {
    void add(String field, String old, String now) {
      add(field, old, now, commit.message());
    }

    void status(String old, TaskSettings now) {
      String reason = now.statusReason();
      add(
          "status",
          old,
          now.status().id(),
          reason == null || reason.isBlank() ? commit.message() : reason);
    }

    private void add(String field, String old, String now, String reason) {
      if (!Objects.equals(old, now)) {
        rows.add(
            new Row(
                commit.commitId(),
                commit.account(),
                commit.timeMillis(),
                taskId,
                field,
                old,
                now,
                reason));
      }
    }
  }
}
