package dev.evalhub.index.internal;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.TaskSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The results of a model card's {@code model-index} (its {@code README.md} on {@code main}) as the
 * index keeps them: one row per metric with a finite number and a result naming a {@code
 * dataset.type}, a source for discrepancies only (never a leaderboard row). Which task of which
 * benchmark a row feeds is decided at read time, against the benchmark as registered now ({@link
 * #mapsTo}): the card result's {@code dataset.type} is the benchmark's dataset id (any case), its
 * metric's {@code type} or {@code name} the task's {@code metric.name} or one of its {@code
 * sources[].metric} (lm-evaluation-harness's {@code acc,none} also as {@code acc}), and its {@code
 * config} and {@code split}, when given, the task's. Stateless.
 */
public final class CardResults {

  private CardResults() {}

  /** One indexed card result of a public model, with the model's id and owner. */
  public record CardRow(
      String modelId,
      boolean ownerIsOrg,
      String filePath,
      int position,
      String commitAuthor,
      long commitTime,
      String config,
      String split,
      String metricType,
      String metricName,
      double value) {}

  /** What matching and the tolerance rule read of a task: its tolerance and metric names. */
  public record TaskMatching(Double tolerance, Set<String> metrics, String config, String split) {
    public TaskMatching {
      metrics = Set.copyOf(metrics);
    }
  }

  /** At most this many results of one model card are kept. */
  static final int MAX_PER_CARD = 1_000;

  private static boolean tooLong(String text, int max) {
    return text != null && text.length() > max;
  }

  /**
   * Replaces nothing: inserts the numeric results of {@code card} read at {@code path}, at most
   * {@link #MAX_PER_CARD}; a result whose dataset, config, split or metric is longer than its
   * column could never map to a task and is left out (it must not fail the README's ref).
   */
  static void insert(
      Connection c, String repoKey, String ref, String path, CommitInfo commit, ModelCard card)
      throws SQLException {
    int position = 0;
    for (ModelCard.ModelIndex model : card.models()) {
      for (ModelCard.CardResult result : model.results()) {
        if (result.dataset() == null || blank(result.dataset().type())) {
          continue;
        }
        for (ModelCard.CardMetric metric : result.metrics()) {
          if (!metric.isNumber() || blank(metric.type())) {
            continue;
          }
          if (position == MAX_PER_CARD) {
            return;
          }
          if (tooLong(result.dataset().type().strip(), 280)
              || tooLong(result.dataset().config(), 300)
              || tooLong(result.dataset().split(), 300)
              || tooLong(metric.type(), 300)
              || tooLong(metric.name(), 300)) {
            // No registered benchmark's task has such a key: it could never be compared.
            continue;
          }
          IndexTables.update(
              c,
              "INSERT INTO card_results (repo_key, ref_name, file_path, position, commit_id,"
                  + " commit_author, commit_time, dataset_key, dataset_config, dataset_split,"
                  + " metric_type, metric_name, result_value)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              repoKey,
              ref,
              path,
              position++,
              commit.id(),
              commit.author().length() > 300 ? commit.author().substring(0, 300) : commit.author(),
              commit.timeMillis(),
              IndexKey.ofDataset(result.dataset().type().strip()).value(),
              result.dataset().config(),
              result.dataset().split(),
              metric.type(),
              metric.name(),
              metric.value());
        }
      }
    }
  }

  static void delete(Connection c, String repoKey, String ref, String path) throws SQLException {
    IndexTables.update(
        c,
        "DELETE FROM card_results WHERE repo_key = ? AND ref_name = ? AND file_path = ?",
        repoKey,
        ref,
        path);
  }

  /** Records a task's tolerance and the metric keys of its sources (after its row is inserted). */
  static void setTaskMatching(Connection c, String datasetKey, String taskId, TaskSettings settings)
      throws SQLException {
    Set<String> metrics = new LinkedHashSet<>();
    settings.sources().forEach(s -> metrics.add(s.metric()));
    IndexTables.update(
        c,
        "UPDATE benchmark_tasks SET metric_tolerance = ?, source_metrics = ?"
            + " WHERE dataset_key = ? AND task_id = ?",
        settings.metric().tolerance(),
        metrics.isEmpty() ? null : String.join("\n", metrics),
        datasetKey,
        taskId);
  }

  /** The task's tolerance and the metric names a card result may use for it. */
  public static TaskMatching taskMatching(Connection c, String datasetKey, String taskId)
      throws SQLException {
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT metric_tolerance, metric_name, source_metrics, config, split"
                    + " FROM benchmark_tasks WHERE dataset_key = ? AND task_id = ?",
                datasetKey,
                taskId);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return new TaskMatching(null, Set.of(), null, null);
      }
      Double tolerance = rs.getObject(1) == null ? null : rs.getDouble(1);
      Set<String> metrics = new LinkedHashSet<>();
      if (rs.getString(2) != null) {
        metrics.add(normal(rs.getString(2)));
      }
      if (rs.getString(3) != null) {
        for (String metric : rs.getString(3).split("\n")) {
          metrics.add(normal(metric));
          int comma = metric.indexOf(',');
          if (comma > 0) {
            metrics.add(normal(metric.substring(0, comma)));
          }
        }
      }
      return new TaskMatching(tolerance, metrics, rs.getString(4), rs.getString(5));
    }
  }

  /**
   * The card results of public models naming the dataset {@code datasetKey} (without a {@code
   * base_model} when {@code baseModelsOnly}) that map to the task ({@link #mapsTo}).
   */
  public static List<CardRow> candidates(
      Connection c, String datasetKey, TaskMatching task, boolean baseModelsOnly)
      throws SQLException {
    List<CardRow> rows = new ArrayList<>();
    if (task.metrics().isEmpty()) {
      return rows;
    }
    try (PreparedStatement s =
            IndexTables.prepare(
                c,
                "SELECT repo.repo_id, repo.owner_is_org, r.file_path, r.position, r.commit_author,"
                    + " r.commit_time, r.dataset_config, r.dataset_split, r.metric_type,"
                    + " r.metric_name, r.result_value FROM card_results r"
                    + " JOIN repositories repo ON repo.repo_key = r.repo_key"
                    + " WHERE r.dataset_key = ? AND repo.is_private = FALSE"
                    + " AND (repo.base_model IS NULL OR ? = FALSE)"
                    + " ORDER BY r.repo_key, r.position",
                datasetKey,
                baseModelsOnly);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        CardRow row =
            new CardRow(
                rs.getString(1),
                rs.getBoolean(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getDouble(11));
        if (mapsTo(row, task)) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Whether a card result of the task's dataset feeds the task (see the class comment). */
  static boolean mapsTo(CardRow row, TaskMatching task) {
    boolean metric =
        task.metrics().contains(normal(row.metricType()))
            || (row.metricName() != null && task.metrics().contains(normal(row.metricName())));
    return metric
        && (row.config() == null || row.config().equals(task.config()))
        && (row.split() == null || row.split().equals(task.split()));
  }

  private static String normal(String metric) {
    return metric.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
