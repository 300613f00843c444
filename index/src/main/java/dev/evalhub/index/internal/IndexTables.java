package dev.evalhub.index.internal;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.formats.model.BaseModels;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.formats.model.TaskSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every statement that writes the index, and the few reads the writer needs, in portable SQL (H2
 * and PostgreSQL run the same text). Works on the caller's connection and transaction. Stateless.
 */
public final class IndexTables {

  private static final List<String> ALL_TABLES =
      List.of(
          "results",
          "card_results",
          "invalid_files",
          "benchmark_changes",
          "benchmark_tasks",
          "benchmarks",
          "indexed_refs",
          "pull_requests",
          "flags",
          "ref_failures",
          "model_lineage",
          "repositories");

  private IndexTables() {}

  /** A repository as the index records it. */
  public record RepoRow(
      String key,
      String type,
      String id,
      String namespace,
      boolean ownerIsOrg,
      boolean isPrivate,
      String mirrorOf) {

    /** A repository of the hub's own (no mirror). */
    public RepoRow(
        String key,
        String type,
        String id,
        String namespace,
        boolean ownerIsOrg,
        boolean isPrivate) {
      this(key, type, id, namespace, ownerIsOrg, isPrivate, null);
    }
  }

  public static long lastSequence(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_sequence FROM index_state WHERE id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The last applied sequence number, locking its row until the transaction ends: one writer of the
   * index at a time, whichever process it runs in.
   */
  public static long lastSequenceForUpdate(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT last_sequence FROM index_state WHERE id = 1 FOR UPDATE")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static void setLastSequence(Connection c, long sequence) throws SQLException {
    update(c, "UPDATE index_state SET last_sequence = ? WHERE id = 1", sequence);
  }

  /**
   * Marks the index as being rebuilt ({@code rebuilding}, V3_17_3): not whole until {@link
   * #rebuilt}, so no clean stop is recorded or taken meanwhile (nor after a rebuild that failed).
   */
  public static void startRebuild(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE index_state SET rebuilding = TRUE WHERE id = 1");
    }
  }

  /** A rebuild completed at {@code sequence}: the position, and the index whole again. */
  public static void rebuilt(Connection c, long sequence) throws SQLException {
    update(
        c, "UPDATE index_state SET last_sequence = ?, rebuilding = FALSE WHERE id = 1", sequence);
  }

  /** Whether a rebuild started and did not complete ({@link #startRebuild}). */
  public static boolean rebuilding(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT rebuilding FROM index_state WHERE id = 1")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * Records the current position as a clean stop's ({@code clean_stop_sequence}, V3_17_1), unless a
   * rebuild left the index half done ({@code rebuilding}); returns whether it recorded.
   */
  public static boolean recordCleanStop(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(
              "UPDATE index_state SET clean_stop_sequence = last_sequence WHERE id = 1 AND NOT"
                  + " rebuilding")
          == 1;
    }
  }

  /**
   * Whether a clean stop is recorded at the current position and no rebuild is half done; clears
   * the record either way (the caller commits).
   */
  public static boolean takeCleanStop(Connection c) throws SQLException {
    boolean clean;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT clean_stop_sequence, last_sequence, rebuilding FROM index_state WHERE id"
                    + " = 1 FOR UPDATE")) {
      rs.next();
      long stopped = rs.getLong(1);
      clean = !rs.wasNull() && stopped == rs.getLong(2) && !rs.getBoolean(3);
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE index_state SET clean_stop_sequence = NULL WHERE id = 1");
    }
    return clean;
  }

  /**
   * Empties every table of the index (not its state nor its keys) with {@code TRUNCATE}, which
   * neither reads nor logs the rows it drops (a {@code DELETE} of a million results reads each); H2
   * commits the caller's transaction with it, so it runs alone in one.
   */
  public static void clearAll(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : ALL_TABLES) {
        s.executeUpdate("TRUNCATE TABLE " + table);
      }
    }
  }

  public static void upsertRepository(Connection c, RepoRow repo) throws SQLException {
    int updated =
        update(
            c,
            "UPDATE repositories SET repo_type = ?, repo_id = ?, namespace = ?, owner_is_org = ?,"
                + " is_private = ?, mirror_of = ? WHERE repo_key = ?",
            repo.type(),
            repo.id(),
            repo.namespace(),
            repo.ownerIsOrg(),
            repo.isPrivate(),
            repo.mirrorOf(),
            repo.key());
    if (updated == 0) {
      update(
          c,
          "INSERT INTO repositories (repo_key, repo_type, repo_id, namespace, owner_is_org, is_private,"
              + " mirror_of) VALUES (?, ?, ?, ?, ?, ?, ?)",
          repo.key(),
          repo.type(),
          repo.id(),
          repo.namespace(),
          repo.ownerIsOrg(),
          repo.isPrivate(),
          repo.mirrorOf());
    }
  }

  public static void setBaseModel(Connection c, String repoKey, String baseModel)
      throws SQLException {
    update(c, "UPDATE repositories SET base_model = ? WHERE repo_key = ?", baseModel, repoKey);
  }

  /**
   * Replaces the {@code base_model} edges of the model {@code repoKey} (lineage): one row per
   * parent in card order, keyed by the parent's index key when its id names a model this hub could
   * hold; ids longer than the column are left out (no model id is that long).
   */
  public static void replaceLineage(Connection c, String repoKey, BaseModels lineage)
      throws SQLException {
    update(c, "DELETE FROM model_lineage WHERE repo_key = ?", repoKey);
    int position = 0;
    for (String parent : lineage.ids()) {
      if (parent.length() > 300) {
        continue;
      }
      String parentKey =
          RepoId.parsePath(parent)
              .filter(id -> id.type() == RepoType.MODEL && id.fullName().equals(parent))
              .map(id -> IndexKey.of(id).value())
              .orElse(null);
      update(
          c,
          "INSERT INTO model_lineage (repo_key, position, parent_key, parent_id, relation)"
              + " VALUES (?, ?, ?, ?, ?)",
          repoKey,
          position++,
          parentKey,
          parent,
          lineage.relation().id());
    }
  }

  public static void deleteRepository(Connection c, String repoKey) throws SQLException {
    for (String table : ALL_TABLES) {
      if (!table.startsWith("benchmark")) {
        update(c, "DELETE FROM " + table + " WHERE repo_key = ?", repoKey);
      }
    }
    if (repoKey.startsWith(dev.evalhub.domain.RepoType.DATASET.urlPrefix())) {
      // Benchmarks are keyed like every repository (V3_11).
      deleteBenchmark(c, repoKey);
    }
  }

  /** Whether the dataset {@code datasetKey} is a registered benchmark. */
  public static boolean hasBenchmark(Connection c, String datasetKey) throws SQLException {
    return !strings(c, "SELECT dataset_key FROM benchmarks WHERE dataset_key = ?", datasetKey)
        .isEmpty();
  }

  public static List<String> repositoryKeys(Connection c) throws SQLException {
    return strings(c, "SELECT repo_key FROM repositories ORDER BY repo_key");
  }

  public static Optional<String> indexedCommit(Connection c, String repoKey, String ref)
      throws SQLException {
    try (PreparedStatement s =
            prepare(
                c,
                "SELECT commit_id FROM indexed_refs WHERE repo_key = ? AND ref_name = ?",
                repoKey,
                ref);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  public static List<String> indexedRefs(Connection c, String repoKey) throws SQLException {
    return strings(
        c, "SELECT ref_name FROM indexed_refs WHERE repo_key = ? ORDER BY ref_name", repoKey);
  }

  public static void setIndexedRef(
      Connection c, String repoKey, String ref, Integer prNumber, String commit)
      throws SQLException {
    if (update(
            c,
            "UPDATE indexed_refs SET commit_id = ? WHERE repo_key = ? AND ref_name = ?",
            commit,
            repoKey,
            ref)
        == 0) {
      update(
          c,
          "INSERT INTO indexed_refs (repo_key, ref_name, pr_number, commit_id) VALUES (?, ?, ?, ?)",
          repoKey,
          ref,
          prNumber,
          commit);
    }
  }

  /** Records the commit of a ref that the index does not hold yet (a rebuild's). */
  public static void insertIndexedRef(
      Connection c, String repoKey, String ref, Integer prNumber, String commit)
      throws SQLException {
    update(
        c,
        "INSERT INTO indexed_refs (repo_key, ref_name, pr_number, commit_id) VALUES (?, ?, ?, ?)",
        repoKey,
        ref,
        prNumber,
        commit);
  }

  /** Forgets a ref and everything read from it. */
  public static void deleteRef(Connection c, String repoKey, String ref) throws SQLException {
    for (String table :
        List.of("results", "card_results", "invalid_files", "indexed_refs", "ref_failures")) {
      update(c, "DELETE FROM " + table + " WHERE repo_key = ? AND ref_name = ?", repoKey, ref);
    }
  }

  /**
   * Records that {@code ref} of a repository could not be indexed, replacing an earlier failure of
   * it.
   */
  public static void setFailure(
      Connection c,
      String repoKey,
      String ref,
      String repoPath,
      boolean isPrivate,
      String commit,
      Long commitTime,
      String error)
      throws SQLException {
    clearFailure(c, repoKey, ref);
    update(
        c,
        "INSERT INTO ref_failures (repo_key, ref_name, repo_id, is_private, commit_id, commit_time,"
            + " error_message) VALUES (?, ?, ?, ?, ?, ?, ?)",
        repoKey,
        ref,
        repoPath,
        isPrivate,
        commit,
        commitTime,
        error);
  }

  public static void clearFailure(Connection c, String repoKey, String ref) throws SQLException {
    update(c, "DELETE FROM ref_failures WHERE repo_key = ? AND ref_name = ?", repoKey, ref);
  }

  /** Forgets the pull request statuses of a repository (its records could not be read). */
  public static void deletePullRequestStatuses(Connection c, String repoKey) throws SQLException {
    update(c, "DELETE FROM pull_requests WHERE repo_key = ?", repoKey);
  }

  public static void setPullRequestStatus(Connection c, String repoKey, int number, String status)
      throws SQLException {
    if (update(
            c,
            "UPDATE pull_requests SET status = ? WHERE repo_key = ? AND pr_number = ?",
            status,
            repoKey,
            number)
        == 0) {
      update(
          c,
          "INSERT INTO pull_requests (repo_key, pr_number, status) VALUES (?, ?, ?)",
          repoKey,
          number,
          status);
    }
  }

  public static void deleteFile(Connection c, String repoKey, String ref, String path)
      throws SQLException {
    update(
        c,
        "DELETE FROM results WHERE repo_key = ? AND ref_name = ? AND file_path = ?",
        repoKey,
        ref,
        path);
    update(
        c,
        "DELETE FROM invalid_files WHERE repo_key = ? AND ref_name = ? AND file_path = ?",
        repoKey,
        ref,
        path);
    CardResults.delete(c, repoKey, ref, path);
  }

  public static void insertInvalidFile(
      Connection c,
      String repoKey,
      String ref,
      Integer prNumber,
      String path,
      String commit,
      String diagnostics)
      throws SQLException {
    update(
        c,
        "INSERT INTO invalid_files (repo_key, ref_name, file_path, pr_number, commit_id, diagnostics)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        repoKey,
        ref,
        path,
        prNumber,
        commit,
        diagnostics);
  }

  public static void insertResults(Connection c, List<ResultRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO results (repo_key, ref_name, file_path,"
                + " entry_index, pr_number, commit_id, commit_author, commit_time, dataset_key, task_id, result_value, stderr,"
                + " date_text, effective_time, source_url, source_label, notes, verified, verify_reason, verify_issuer,"
                + " methodology_sha256, group_key, entry_sha256, entry_json, num_samples, details_path,"
                + " details_blob, details_status,"
                + " details_message, sample_metric, sample_count, sample_binary, sample_stderr,"
                + " sample_clusters, sample_clustered_stderr, samples_sha256, samples, task_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (ResultRow r : rows) {
        SampleSummary summary = r.details() == null ? null : r.details().summary();
        bind(
            s,
            r.repoKey(),
            r.ref(),
            r.filePath(),
            r.entryIndex(),
            r.prNumber(),
            r.commit().id(),
            r.commit().author(),
            r.commit().timeMillis(),
            r.datasetKey(),
            r.taskId(),
            r.value(),
            r.stderr(),
            r.dateText(),
            r.effectiveTime(),
            r.sourceUrl(),
            r.sourceLabel(),
            r.notes(),
            r.verified(),
            r.verifyReason(),
            r.verifyIssuer(),
            r.methodologySha256(),
            r.groupKey(),
            r.entrySha256(),
            r.entryJson(),
            r.numSamples(),
            r.details() == null ? null : r.details().path(),
            r.details() == null ? null : r.details().blob(),
            r.details() == null ? null : r.details().status(),
            r.details() == null ? null : r.details().message(),
            r.details() == null ? null : r.details().metric(),
            summary == null ? null : summary.count(),
            summary == null ? null : summary.binary(),
            summary == null ? null : summary.stderr(),
            summary == null ? null : summary.clusters(),
            summary == null ? null : summary.clusteredStderr(),
            summary == null ? null : summary.sha256(),
            r.details() == null ? null : r.details().scores(),
            r.taskVersion());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * A results file's link to a details file: the file, the commit that last changed it, the details
   * path its entries name and the git object read there at indexing (null: none was).
   */
  public record DetailsLink(
      String filePath, CommitInfo lastChange, String detailsPath, String detailsBlob) {}

  /** The details files the results of {@code ref} name, one link per file and details path. */
  public static List<DetailsLink> detailsLinks(Connection c, String repoKey, String ref)
      throws SQLException {
    List<DetailsLink> links = new ArrayList<>();
    try (PreparedStatement s =
            prepare(
                c,
                "SELECT DISTINCT file_path, commit_id, commit_author, commit_time, details_path,"
                    + " details_blob FROM results WHERE repo_key = ? AND ref_name = ?"
                    + " AND details_path IS NOT NULL ORDER BY file_path, details_path",
                repoKey,
                ref);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        links.add(
            new DetailsLink(
                rs.getString(1),
                new CommitInfo(rs.getString(2), rs.getString(3), rs.getLong(4)),
                rs.getString(5),
                rs.getString(6)));
      }
    }
    return links;
  }

  public static void replaceBenchmark(
      Connection c, String datasetKey, String datasetId, Benchmark benchmark, String commit)
      throws SQLException {
    deleteBenchmark(c, datasetKey);
    update(
        c,
        "INSERT INTO benchmarks (dataset_key, dataset_id, name, description, framework, commit_id)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        datasetKey,
        datasetId,
        benchmark.name(),
        benchmark.description(),
        benchmark.evaluationFramework(),
        commit);
    int position = 0;
    for (BenchmarkTask task : benchmark.tasks()) {
      TaskSettings settings = benchmark.settings(task.id());
      TaskSettings.Metric metric = settings.metric();
      update(
          c,
          "INSERT INTO benchmark_tasks (dataset_key, task_id, position, config, split, metric_name,"
              + " higher_is_better, range_min, range_max, reference_json, metric_kind, task_version,"
              + " task_status, status_reason, invalid_versions)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          datasetKey,
          task.id(),
          position++,
          task.config(),
          task.split(),
          metric.name(),
          metric.higherIsBetter(),
          metric.range() == null ? null : metric.range().min(),
          metric.range() == null ? null : metric.range().max(),
          settings.reference() == null ? null : MethodologyGroup.json(settings.reference()),
          metric.kind() == null ? null : metric.kind().name(),
          settings.version(),
          settings.status().id(),
          settings.statusReason(),
          BenchmarkChanges.versionsText(settings.invalidVersions()));
      CardResults.setTaskMatching(c, datasetKey, task.id(), settings);
    }
  }

  public static void deleteBenchmark(Connection c, String datasetKey) throws SQLException {
    update(c, "DELETE FROM benchmark_changes WHERE dataset_key = ?", datasetKey);
    update(c, "DELETE FROM benchmark_tasks WHERE dataset_key = ?", datasetKey);
    update(c, "DELETE FROM benchmarks WHERE dataset_key = ?", datasetKey);
  }

  static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, values)) {
      return s.executeUpdate();
    }
  }

  private static List<String> strings(Connection c, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      List<String> list = new ArrayList<>();
      while (rs.next()) {
        list.add(rs.getString(1));
      }
      return list;
    }
  }

  static PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      bind(s, values);
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        s.setNull(i + 1, Types.NULL);
      } else {
        s.setObject(i + 1, value);
      }
    }
  }
}
