package dev.evalhub.index.internal;

import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.statistics.PairMethod;
import dev.evalhub.statistics.PairTest;
import dev.evalhub.statistics.PairTests;
import dev.evalhub.statistics.Power;
import dev.evalhub.statistics.Ranks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Statistical ranks of one methodology group (issue 13; hub-api.md, Leaderboards rule 6): every
 * pair of rows whose uncertainty is known is tested with the strongest test available — paired on
 * their common per-sample items ({@link PairedSamples}), else unpaired on their standard errors —
 * Holm's correction runs across the group's pairs at α = 0.05, and {@link Ranks} gives each row its
 * {@code rankUpper} and {@code tier}. Rows without a standard error take no statistical rank (their
 * pairs are "not established"). At most {@link #MAX_RANKED} rows (the best by value) are ranked:
 * the pairs grow with its square. Stateless.
 */
public final class GroupRanking {

  /** The most rows of a group ranked statistically. */
  public static final int MAX_RANKED = 100;

  /** The family-wise significance level. */
  public static final double ALPHA = 0.05;

  private GroupRanking() {}

  /** A row: its entry (with its uncertainty) and the candidate it comes from. */
  public record Row(LeaderboardEntry entry, Candidate candidate) {}

  /** The group's rows with their statistical ranks (in the same order) and its statistics. */
  public record Ranked(List<LeaderboardEntry> entries, Optional<GroupStatistics> statistics) {}

  /**
   * Ranks {@code rows} (one group, in display order) of {@code task}; {@code paired} gives the
   * paired tests.
   */
  public static Ranked rank(
      MethodologyGroup group, List<Row> rows, BenchmarkInfo.Task task, PairedSamples paired) {
    List<Row> testable = new ArrayList<>();
    int withoutStderr = 0;
    for (Row row : rows) {
      if (stderr(row).isPresent() || row.candidate().samples() != null) {
        if (testable.size() < MAX_RANKED) {
          testable.add(row);
        }
      } else {
        withoutStderr++;
      }
    }
    if (testable.size() < 2) {
      return new Ranked(rows.stream().map(Row::entry).toList(), Optional.empty());
    }
    List<Ranks.Comparison> comparisons = new ArrayList<>();
    Map<String, Integer> byMethod = new LinkedHashMap<>();
    for (PairMethod method : PairMethod.values()) {
      byMethod.put(method.id(), 0);
    }
    int notEstablished =
        withoutStderr * (rows.size() - withoutStderr) + withoutStderr * (withoutStderr - 1) / 2;
    for (int i = 0; i < testable.size(); i++) {
      for (int j = i + 1; j < testable.size(); j++) {
        Optional<PairTest> test = test(testable.get(i), testable.get(j), paired);
        if (test.isEmpty()) {
          notEstablished++;
          continue;
        }
        byMethod.merge(test.get().method().id(), 1, Integer::sum);
        comparisons.add(new Ranks.Comparison(id(testable.get(i)), id(testable.get(j)), test.get()));
      }
    }
    Set<Ranks.Better> better = Ranks.significantlyBetter(comparisons, ALPHA, task.higherIsBetter());
    List<Ranks.Row> ranksRows =
        testable.stream().map(r -> new Ranks.Row(id(r), r.entry().score().value())).toList();
    List<Ranks.Ranked> order = Ranks.rank(ranksRows, task.higherIsBetter(), better);
    Map<String, Ranks.Ranked> ranked = new HashMap<>();
    order.forEach(r -> ranked.put(r.id(), r));
    Map<String, String> pairMethod = new HashMap<>();
    comparisons.forEach(c -> pairMethod.put(c.a() + "\n" + c.b(), c.test().method().id()));
    // The test that set each tier apart: the one between its leader and the previous tier's.
    Map<Integer, String> leaders = new HashMap<>();
    for (Ranks.Ranked r : order) {
      leaders.putIfAbsent(r.tier(), r.id());
    }
    List<LeaderboardEntry> entries = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Ranks.Ranked r = ranked.get(id(row));
      if (r == null) {
        entries.add(row.entry());
        continue;
      }
      Optional<String> tierTest = Optional.empty();
      if (r.tier() > 1) {
        String above = leaders.get(r.tier() - 1);
        String leader = leaders.get(r.tier());
        tierTest =
            Optional.ofNullable(pairMethod.get(above + "\n" + leader))
                .or(() -> Optional.ofNullable(pairMethod.get(leader + "\n" + above)));
      }
      entries.add(
          row.entry().withStatistics(new StatisticalRank(r.rankUpper(), r.tier(), tierTest)));
    }
    return new Ranked(
        entries,
        Optional.of(
            new GroupStatistics(
                group,
                testable.size(),
                MAX_RANKED,
                byMethod,
                notEstablished,
                ALPHA,
                median(
                    testable.stream().map(r -> r.entry().uncertainty().orElseThrow().n()).toList()),
                power(testable, task))));
  }

  /**
   * The strongest test of A against B: paired on their details, else unpaired on their standard
   * errors; empty when neither is possible.
   */
  public static Optional<PairTest> test(Row a, Row b, PairedSamples paired) {
    Optional<PairTest> test = paired.test(a.candidate(), b.candidate());
    if (test.isPresent()) {
      return test;
    }
    Optional<Double> sa = stderr(a);
    Optional<Double> sb = stderr(b);
    if (sa.isEmpty() || sb.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PairTests.unpairedZ(
            a.entry().score().value(), sa.get(), b.entry().score().value(), sb.get()));
  }

  /**
   * A row's standard error for an unpaired test: a positive one only. Zero (a file's {@code stderr:
   * 0}, lm-eval's for a perfect score) claims certainty the data cannot give, and would make any
   * difference significant.
   */
  private static Optional<Double> stderr(Row row) {
    return row.entry().uncertainty().flatMap(u -> u.stderr()).filter(s -> s > 0);
  }

  private static String id(Row row) {
    return row.entry().model().id().fullName();
  }

  private static OptionalLong median(List<OptionalLong> values) {
    long[] known =
        values.stream()
            .filter(OptionalLong::isPresent)
            .mapToLong(OptionalLong::getAsLong)
            .toArray();
    if (known.length == 0) {
      return OptionalLong.empty();
    }
    Arrays.sort(known);
    return OptionalLong.of(known[known.length / 2]);
  }

  /** The minimum detectable difference at the group's median n, around its median value. */
  private static OptionalDouble power(List<Row> rows, BenchmarkInfo.Task task) {
    double scale = RowUncertainty.scale(task);
    boolean binary = rows.stream().allMatch(r -> RowUncertainty.binary(r.candidate(), task));
    OptionalLong n =
        median(rows.stream().map(r -> r.entry().uncertainty().orElseThrow().n()).toList());
    if (!binary || n.isEmpty()) {
      return OptionalDouble.empty();
    }
    double[] values = rows.stream().mapToDouble(r -> r.entry().score().value()).sorted().toArray();
    double median = values[values.length / 2];
    if (median < 0 || median > scale) {
      return OptionalDouble.empty();
    }
    return Power.minimumDetectableDifference(median, n.getAsLong(), scale);
  }
}
