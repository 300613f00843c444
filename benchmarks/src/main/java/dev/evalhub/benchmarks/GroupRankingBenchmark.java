package dev.evalhub.benchmarks;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.index.internal.Candidate;
import dev.evalhub.index.internal.GroupRanking;
import dev.evalhub.index.internal.PairedSamples;
import dev.evalhub.index.internal.SampleCodec;
import dev.evalhub.index.internal.SampleSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost statistical ranks add to computing one methodology group of a leaderboard (issue 13):
 * {@code unpaired} rows with a standard error each (every pair an unpaired z-test, Holm across all
 * of them), or {@code paired} rows with per-sample details of 1,000 binary items each (McNemar's
 * exact test per pair on the common items), with the caches of decoded scores and pair tests cold
 * ({@code cold}: a new {@link PairedSamples} per call, as after a start) or warm (a push that
 * invalidated the leaderboard but not the content-keyed tests). Run: {@code java -jar
 * benchmarks/target/benchmarks.jar GroupRanking -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GroupRankingBenchmark {

  private static final int ITEMS = 1_000;

  @Param({"unpaired", "paired"})
  public String kind;

  @Param({"100", "300"})
  public int rows;

  private final BenchmarkInfo.Task task =
      new BenchmarkInfo.Task(
          "mmlu",
          null,
          null,
          "accuracy",
          true,
          Optional.of(new TaskSettings.Range(0, 1)),
          Optional.empty(),
          Optional.of(TaskSettings.MetricKind.BINARY));

  private final MethodologyGroup group =
      new MethodologyGroup(Map.of("framework", "helm"), MethodologyGroup.Role.STATED, "helm");
  private List<GroupRanking.Row> group0;
  private final Map<String, SampleCodec.Scores> scores = new HashMap<>();
  private PairedSamples warm;

  @Setup
  public void prepare() {
    Random random = new Random(13);
    group0 = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double p = 0.3 + 0.5 * random.nextDouble();
      String sha = String.format("%064d", i);
      SampleSummary summary = null;
      if (kind.equals("paired")) {
        String[] ids = new String[ITEMS];
        double[] values = new double[ITEMS];
        for (int j = 0; j < ITEMS; j++) {
          ids[j] = String.format("%05d", j);
          values[j] = random.nextDouble() < p ? 1 : 0;
        }
        scores.put(sha, new SampleCodec.Scores(ids, values, 1));
        summary =
            new SampleSummary(ITEMS, true, Math.sqrt(p * (1 - p) / ITEMS), null, null, sha, "acc");
      }
      double stderr = Math.sqrt(p * (1 - p) / ITEMS);
      Candidate candidate =
          new Candidate(
              "m/model" + i,
              "m",
              false,
              null,
              ".eval_results/r.yaml",
              0,
              p,
              stderr,
              false,
              null,
              null,
              null,
              null,
              null,
              0L,
              "framework=helm",
              sha,
              "{}",
              "bob",
              (long) ITEMS,
              summary,
              null,
              null);
      LeaderboardEntry entry =
          new LeaderboardEntry(
              i + 1,
              new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "m", "model" + i), false),
              new LeaderboardEntry.Score(p, Optional.of(stderr)),
              new ResultLocation(".eval_results/r.yaml", Optional.empty()),
              new Verdict(false, Optional.empty()),
              new LeaderboardEntry.Provenance(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  group,
                  Instant.EPOCH,
                  OptionalLong.of(ITEMS)),
              List.of(),
              List.of(),
              Optional.empty(),
              Optional.of(
                  new Uncertainty(
                      OptionalLong.of(ITEMS),
                      Optional.of(stderr),
                      Optional.of(Uncertainty.Source.FILE),
                      Optional.empty(),
                      OptionalInt.empty())),
              Optional.empty());
      group0.add(new GroupRanking.Row(entry, candidate));
    }
    group0.sort((a, b) -> Double.compare(b.entry().score().value(), a.entry().score().value()));
    warm = paired();
    GroupRanking.rank(group, group0, task, warm);
  }

  private PairedSamples paired() {
    return new PairedSamples(c -> Optional.ofNullable(scores.get(c.entrySha256())), 256L << 20);
  }

  @Benchmark
  public GroupRanking.Ranked cold() {
    return GroupRanking.rank(group, group0, task, paired());
  }

  @Benchmark
  public GroupRanking.Ranked warm() {
    return GroupRanking.rank(group, group0, task, warm);
  }
}
