package dev.evalhub.statistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks of a leaderboard group that claim no more order than the tests support. Stateless and
 * thread-safe.
 *
 * <p>Given the rows and the relation "i is significantly better than j" (after Holm's correction
 * across the pairs, see {@link #significantlyBetter}), each row gets:
 *
 * <ul>
 *   <li>{@code position}: 1, 2, 3, … in display order (best value first; equal values keep the
 *       order they were given in);
 *   <li>{@code rank}: the ordinary competition rank, 1 + the rows with a strictly better value (1,
 *       2, 2, 4 for equal values);
 *   <li>{@code rankUpper}: 1 + the rows significantly better than it, LMArena's Rank (UB) with the
 *       paired-test variant of reference §4.3 (LMArena, "Chatbot Arena", arXiv 2403.04132);
 *   <li>{@code tier}: contiguous groups in display order. Tier 1 is led by the first row; each row
 *       joins the current tier unless the tier's leader is significantly better than it, in which
 *       case it leads the next tier. So a tier holds the rows its leader cannot be separated from,
 *       greedy from the top, as proposed in SWE-bench issue #621 (a tie with #1 by McNemar's test)
 *       applied recursively as in ComparIA issue #483 (reference §4.3). A tier only claims that its
 *       leader is significantly better than the next tier's leader; a row's own claim is its {@code
 *       rankUpper}.
 * </ul>
 *
 * <p>A pair in the relation counts only when its better row also has the strictly better value: a
 * paired test on a subset of items that contradicts the displayed values never lifts a row above
 * one shown ahead of it. So {@code rankUpper ≤ rank ≤ position} and {@code tier ≤ position}.
 */
public final class Ranks {

  private Ranks() {}

  /**
   * A row to rank. Immutable.
   *
   * @param id the row's identity (a model), unique in the group
   * @param value its value, in the task's units
   */
  public record Row(String id, double value) {

    /** Checks the id and the value. */
    public Row {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("row id must not be empty");
      }
      Checks.finite("value of " + id, value);
    }
  }

  /**
   * One claim of the relation: {@code better} is significantly better than {@code worse}.
   *
   * @param better the id of the better row
   * @param worse the id of the worse row
   */
  public record Better(String better, String worse) {

    /** Checks the ids. */
    public Better {
      if (better == null || worse == null || better.equals(worse)) {
        throw new IllegalArgumentException("a row is not better than itself: " + better);
      }
    }
  }

  /**
   * A pair that was tested. Immutable.
   *
   * @param a the id of row A
   * @param b the id of row B
   * @param test the test of A against B (its difference is A − B)
   */
  public record Comparison(String a, String b, PairTest test) {

    /** Checks the ids and the test. */
    public Comparison {
      if (a == null || b == null || a.equals(b) || test == null) {
        throw new IllegalArgumentException(
            "a comparison needs two rows and a test: " + a + ", " + b);
      }
    }
  }

  /**
   * A ranked row. Immutable.
   *
   * @param id the row's id
   * @param value its value
   * @param position its place in display order, from 1
   * @param rank its competition rank (1, 2, 2, 4)
   * @param rankUpper 1 + the rows significantly better than it
   * @param tier its tier, from 1
   */
  public record Ranked(String id, double value, int position, int rank, int rankUpper, int tier) {}

  /**
   * The relation "significantly better" from a family of pair tests: Holm's correction across all
   * of them at {@code alpha}, and for each rejected pair the side whose difference is in the better
   * direction.
   *
   * @param comparisons the pairs tested, each pair once
   * @param alpha the family-wise significance level, e.g. 0.05
   * @param higherIsBetter whether a higher value is better (false for an error rate)
   */
  public static Set<Better> significantlyBetter(
      List<Comparison> comparisons, double alpha, boolean higherIsBetter) {
    List<Double> pValues = new ArrayList<>();
    for (Comparison comparison : comparisons) {
      pValues.add(comparison.test().pValue());
    }
    Holm.Result holm = Holm.adjust(pValues, alpha);
    Set<Better> better = new LinkedHashSet<>();
    for (int i = 0; i < comparisons.size(); i++) {
      Comparison comparison = comparisons.get(i);
      double difference = comparison.test().difference();
      if (!holm.rejected().get(i) || difference == 0) {
        continue;
      }
      boolean aWins = (difference > 0) == higherIsBetter;
      better.add(
          aWins
              ? new Better(comparison.a(), comparison.b())
              : new Better(comparison.b(), comparison.a()));
    }
    // Not Set.copyOf: its linear probing degrades to quadratic time on the clustered hash codes of
    // pairs of similar ids (300 rows, 44,850 pairs: seconds); HashSet spreads and bins them.
    return Collections.unmodifiableSet(new HashSet<>(better));
  }

  /**
   * Ranks a group.
   *
   * @param rows the rows, ids unique
   * @param higherIsBetter whether a higher value is better
   * @param significantlyBetter the relation, on ids of {@code rows}
   * @return the rows in display order with their ranks and tiers
   */
  public static List<Ranked> rank(
      List<Row> rows, boolean higherIsBetter, Set<Better> significantlyBetter) {
    Map<String, Row> byId = new HashMap<>();
    for (Row row : rows) {
      if (byId.put(row.id(), row) != null) {
        throw new IllegalArgumentException("row id " + row.id() + " appears twice");
      }
    }
    Map<String, Integer> betterRows = new HashMap<>();
    for (Better claim : significantlyBetter) {
      Row better = byId.get(claim.better());
      Row worse = byId.get(claim.worse());
      if (better == null || worse == null) {
        throw new IllegalArgumentException("the relation names a row that is not ranked: " + claim);
      }
      if (beats(better, worse, higherIsBetter, significantlyBetter)) {
        betterRows.merge(worse.id(), 1, Integer::sum);
      }
    }
    Comparator<Row> byValue = Comparator.comparingDouble(Row::value);
    List<Row> ordered = new ArrayList<>(rows);
    ordered.sort(higherIsBetter ? byValue.reversed() : byValue); // stable for equal values
    List<Ranked> ranked = new ArrayList<>();
    Row leader = null;
    int tier = 0;
    int rank = 0;
    for (int i = 0; i < ordered.size(); i++) {
      Row row = ordered.get(i);
      if (i == 0 || ordered.get(i - 1).value() != row.value()) {
        rank = i + 1;
      }
      int above = betterRows.getOrDefault(row.id(), 0);
      if (leader == null || beats(leader, row, higherIsBetter, significantlyBetter)) {
        leader = row;
        tier++;
      }
      ranked.add(new Ranked(row.id(), row.value(), i + 1, rank, 1 + above, tier));
    }
    return List.copyOf(ranked);
  }

  private static boolean beats(Row a, Row b, boolean higherIsBetter, Set<Better> relation) {
    boolean strictlyBetterValue = higherIsBetter ? a.value() > b.value() : a.value() < b.value();
    return strictlyBetterValue && relation.contains(new Better(a.id(), b.id()));
  }
}
