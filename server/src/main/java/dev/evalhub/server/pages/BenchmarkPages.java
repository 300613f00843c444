package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.TaskNotice;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.service.ContentService;
import dev.evalhub.service.JobService;
import dev.evalhub.service.LeaderboardService;
import dev.evalhub.service.LineageService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Builds the benchmark page: the leaderboard service's leaderboards (which check that the caller
 * may see the dataset and keep private models out), the filters and sort of the query, the {@code
 * eval.yaml} read from {@code main}, the task's banner and the benchmark's changes record.
 * Thread-safe.
 */
final class BenchmarkPages {

  private final LeaderboardService leaderboards;
  private final LineageService lineage;
  private final ContentService contents;
  private final EvalFormats formats;
  private final ResultsChartSvgs charts;
  private final JobService jobs;

  BenchmarkPages(
      LeaderboardService leaderboards,
      LineageService lineage,
      ContentService contents,
      EvalFormats formats,
      ResultsChartSvgs charts,
      JobService jobs) {
    this.jobs = jobs;
    this.leaderboards = leaderboards;
    this.lineage = lineage;
    this.contents = contents;
    this.formats = formats;
    this.charts = charts;
  }

  BenchmarkView page(
      Chrome chrome, RepoId dataset, LeaderboardQuery asked, Optional<Caller> caller) {
    // One leaderboard, not every task's: the service checks visibility, the index answers from its
    // cache.
    Leaderboard board =
        leaderboards.leaderboard(
            dataset,
            Optional.of(asked.task()).filter(t -> !t.isEmpty()),
            asked.listsBaseModelsOnly(),
            asked.hideFlagged(),
            caller);
    String taskId = board.task().taskId();
    LeaderboardQuery query = asked.withTask(taskId);
    String evalYaml =
        contents
            .find(dataset, "main", caller)
            .flatMap(main -> contents.file(main, "eval.yaml", caller))
            .map(file -> new String(file.content(), StandardCharsets.UTF_8))
            .orElse("");
    Optional<Benchmark> benchmark =
        formats.readBenchmark(evalYaml.getBytes(StandardCharsets.UTF_8)).value();
    List<String> taskIds =
        benchmark
            .map(b -> b.tasks().stream().map(BenchmarkTask::id).toList())
            .orElse(List.of(taskId));
    List<BenchmarkView.TaskLink> tasks =
        taskIds.stream()
            .map(
                id ->
                    new BenchmarkView.TaskLink(
                        id, query.withTask(id).queryString(), id.equals(taskId)))
            .toList();
    List<BenchmarkView.Group> groups =
        LeaderboardTables.of(
            board,
            query,
            query.foldDerived() ? Optional.of(lineage.fold(board)) : Optional.empty());
    return new BenchmarkView(
        chrome,
        dataset.fullName(),
        benchmark.map(Benchmark::name).orElse(dataset.name()),
        benchmark.map(Benchmark::description).orElse(""),
        benchmark.map(Benchmark::evaluationFramework).orElse(""),
        tasks,
        query,
        board.metricName() == null || board.metricName().isBlank() ? "value" : board.metricName(),
        board.higherIsBetter() ? "higher is better" : "lower is better",
        groups,
        groups.stream().mapToInt(g -> g.rows().size()).sum(),
        evalYaml,
        charts.of(board, query),
        caller.isPresent()
            && benchmark.map(b -> jobs.hasRecipe(dataset, b.evaluationFramework())).orElse(false),
        board.notice().map(BenchmarkPages::notice).orElse(null),
        changes(leaderboards.changes(dataset, caller)));
  }

  private static BenchmarkView.Notice notice(TaskNotice notice) {
    return new BenchmarkView.Notice(
        notice.status().id(),
        notice.status() == TaskNotice.Status.WITHDRAWN
            ? "the leaderboard is frozen: results committed after the withdrawal do not count"
            : "results still rank, but the task should no longer be used",
        notice.reason(),
        Times.format(notice.since()),
        notice.account(),
        "#change-" + notice.commitId());
  }

  /** The record's rows; the first row of each commit carries the commit's anchor. */
  private static List<BenchmarkView.Change> changes(List<BenchmarkChange> changes) {
    java.util.Set<String> anchored = new java.util.HashSet<>();
    return changes.stream()
        .map(
            c ->
                new BenchmarkView.Change(
                    c.commitId(),
                    anchored.add(c.commitId()) ? "change-" + c.commitId() : null,
                    c.account(),
                    Times.format(c.time()),
                    c.taskId(),
                    c.field(),
                    c.oldValue().orElse("–"),
                    c.newValue().orElse("–"),
                    c.reason(),
                    c.affected()))
        .toList();
  }
}
