package dev.evalhub.benchmarks;

import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.server.pages.LeaderboardTables;
import dev.evalhub.server.pages.PageRenderer;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Server time of the benchmark page for a 1,000-row leaderboard, from the index's {@link Leaderboard} (what the
 * handler gets, cached, from the index) to the HTML string: filters, methodology groups (two), sorting, formatting,
 * badges with tooltips and the precompiled jte templates with escaping. Run: {@code java -jar
 * benchmarks/target/benchmarks.jar LeaderboardPage -t 1}. Target: under 50 ms.
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
  private Leaderboard board;
  private LeaderboardQuery byRank;
  private LeaderboardQuery byModel;
  private String evalYaml;

  @Setup
  public void prepare() {
    List<LeaderboardEntry> entries = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      String model = "org" + (i % 37) + "/model-" + i;
      String shots = i % 4 == 0 ? "0" : "5";
      List<Badge> badges = new ArrayList<>();
      if (i % 3 == 0) {
        badges.add(Badge.verified("evalhub"));
      }
      badges.add(Badge.source("Run log " + i, "https://example.org/runs/" + i));
      badges.add(Badge.leaderboard("bench/mmlu", "mmlu"));
      entries.add(new LeaderboardEntry(i + 1, model, 90 - i * 0.05, ".eval_results/results.yaml", i % 3 == 0,
          new LeaderboardEntry.SourceLink("https://example.org/runs/" + i, "Run log <" + i + ">"),
          new LeaderboardEntry.Author("org", "org" + (i % 37)), i % 10 == 0 ? i : null,
          i % 5 == 0 ? "notes & caveats for \"" + model + "\"" : null,
          Map.of("framework", "lm-evaluation-harness", "num_fewshot", shots), badges, null, 0.41, null));
    }
    board = new Leaderboard("bench/mmlu", "mmlu", "acc", true, entries);
    byRank = new LeaderboardQuery("mmlu", false, true, false, LeaderboardQuery.Sort.RANK);
    byModel = new LeaderboardQuery("mmlu", false, true, false, LeaderboardQuery.Sort.MODEL);
    evalYaml = "name: MMLU\ndescription: Multiple choice.\nevaluation_framework: lm-evaluation-harness\n"
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

  private String render(LeaderboardQuery query) {
    List<BenchmarkView.Group> groups = LeaderboardTables.of(board, query);
    BenchmarkView view = new BenchmarkView(new Chrome("MMLU", "alice", "csrf-token"), "bench/mmlu", "MMLU",
        "Multiple choice.", "lm-evaluation-harness",
        List.of(new BenchmarkView.TaskLink("mmlu", query.queryString(), true)), query, "acc", "higher is better",
        groups, ROWS, evalYaml);
    return renderer.render("benchmark.jte", view);
  }
}
