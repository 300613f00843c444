package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.service.ContentService;
import dev.evalhub.service.JobService;
import dev.evalhub.service.LeaderboardService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Builds the benchmark page: the leaderboard service's leaderboards (which check that the caller
 * may see the dataset and keep private models out), the filters and sort of the query, and the
 * {@code eval.yaml} read from {@code main}. Thread-safe.
 */
final class BenchmarkPages {

  private final LeaderboardService leaderboards;
  private final ContentService contents;
  private final EvalFormats formats;
  private final ResultsChartSvgs charts;
  private final JobService jobs;

  BenchmarkPages(
      LeaderboardService leaderboards,
      ContentService contents,
      EvalFormats formats,
      ResultsChartSvgs charts,
      JobService jobs) {
    this.jobs = jobs;
    this.leaderboards = leaderboards;
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
            asked.baseModelsOnly(),
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
    List<BenchmarkView.Group> groups = LeaderboardTables.of(board, query);
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
            && benchmark.map(b -> jobs.hasRecipe(dataset, b.evaluationFramework())).orElse(false));
  }
}
