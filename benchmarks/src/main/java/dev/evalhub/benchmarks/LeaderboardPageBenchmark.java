package dev.evalhub.benchmarks;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.server.pages.LeaderboardTables;
import dev.evalhub.server.pages.PageRenderer;
import dev.evalhub.server.pages.ResultsChartSvgs;
import dev.evalhub.server.pages.ResultsCharts;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server time of the benchmark page for a 1,000-row leaderboard, from the index's {@link
 * Leaderboard} (what the handler gets, cached, from the index) to the HTML string: filters,
 * methodology groups (two), sorting, formatting, badges with tooltips and the precompiled jte
 * templates with escaping. Run: {@code java -jar benchmarks/target/benchmarks.jar LeaderboardPage
 * -t 1}. Target: under 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeaderboardPageBenchmark {

  static final int ROWS = 1_000;

  private final PageRenderer renderer = new PageRenderer();
  private final ResultsChartSvgs charts = new ResultsChartSvgs(renderer, 16);
  private Leaderboard board;
  private LeaderboardQuery byRank;
  private LeaderboardQuery byModel;
  private String evalYaml;

  @Setup
  public void prepare() {
    TaskRef task = new TaskRef(new RepoId(RepoType.DATASET, "bench", "mmlu"), "mmlu");
    List<LeaderboardEntry> entries = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      RepoId model = new RepoId(RepoType.MODEL, "org" + (i % 37), "model-" + i);
      String shots = i % 4 == 0 ? "0" : "5";
      List<Badge> badges = new ArrayList<>();
      if (i % 3 == 0) {
        badges.add(Badge.verified("evalhub"));
      }
      badges.add(Badge.source("Run log " + i, "https://example.org/runs/" + i));
      badges.add(Badge.leaderboard(task));
      entries.add(
          new LeaderboardEntry(
              i + 1,
              new LeaderboardEntry.Model(model, true),
              new LeaderboardEntry.Score(90 - i * 0.05, Optional.of(0.41)),
              new ResultLocation(
                  ".eval_results/results.yaml",
                  Optional.ofNullable(i % 10 == 0 && i > 0 ? new PrNumber(i) : null)),
              new Verdict(i % 3 == 0, Optional.empty()),
              new LeaderboardEntry.Provenance(
                  Optional.of(
                      new LeaderboardEntry.SourceLink(
                          "https://example.org/runs/" + i, Optional.of("Run log <" + i + ">"))),
                  Optional.ofNullable(
                      i % 5 == 0 ? "notes & caveats for \"" + model.fullName() + "\"" : null),
                  Optional.empty(),
                  new MethodologyGroup(
                      Map.of("framework", "lm-evaluation-harness", "num_fewshot", shots)),
                  java.time.Instant.ofEpochSecond(1_700_000_000L + i * 3_600L),
                  java.util.OptionalLong.of(14_042)),
              badges));
    }
    board = new Leaderboard(task, "acc", true, entries);
    byRank = new LeaderboardQuery("mmlu", false, true, false, LeaderboardQuery.Sort.RANK);
    byModel = new LeaderboardQuery("mmlu", false, true, false, LeaderboardQuery.Sort.MODEL);
    evalYaml =
        "name: MMLU\ndescription: Multiple choice.\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: mmlu\n";
  }

  @Benchmark
  public String renderRankedPage() {
    return render(byRank);
  }

  @Benchmark
  public String renderPageSortedByModel() {
    return render(byModel);
  }

  /**
   * The results-over-time chart alone, built and rendered afresh: what the first page of a
   * leaderboard (per index generation and filter set) pays on top; later pages reuse it.
   */
  @Benchmark
  public String renderChartUncached() {
    return renderer.render("chart.jte", ResultsCharts.of(board, byRank).orElseThrow());
  }

  private String render(LeaderboardQuery query) {
    List<BenchmarkView.Group> groups = LeaderboardTables.of(board, query);
    BenchmarkView view =
        new BenchmarkView(
            new Chrome("MMLU", "alice", "csrf-token"),
            "bench/mmlu",
            "MMLU",
            "Multiple choice.",
            "lm-evaluation-harness",
            List.of(new BenchmarkView.TaskLink("mmlu", query.queryString(), true)),
            query,
            "acc",
            "higher is better",
            groups,
            ROWS,
            evalYaml,
            charts.of(board, query),
            false);
    return renderer.render("benchmark.jte", view);
  }
}
