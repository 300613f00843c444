package dev.evalhub.statistics;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Tests of a pair of results, the strongest first: paired on the common items (McNemar's exact test
 * for binary scores, a paired t-test for continuous ones), else unpaired on the standard errors.
 * Every test is symmetric in A and B. Stateless and thread-safe.
 */
public final class PairTests {

  private PairTests() {}

  /**
   * The paired test on the items both were scored on, matched by item id (or hash): {@link
   * #paired(double[], double[])} on the common items in the order of their ids.
   *
   * @param a A's score per item id
   * @param b B's score per item id
   * @return the test, empty when no item is common, or only one with continuous scores
   */
  public static Optional<PairTest> pairedByItem(Map<String, Double> a, Map<String, Double> b) {
    TreeSet<String> common = new TreeSet<>(a.keySet());
    common.retainAll(b.keySet());
    double[] x = new double[common.size()];
    double[] y = new double[common.size()];
    int i = 0;
    for (String item : common) {
      x[i] = a.get(item);
      y[i] = b.get(item);
      i++;
    }
    if (x.length == 0 || (x.length == 1 && !(binary(x) && binary(y)))) {
      return Optional.empty();
    }
    return Optional.of(paired(x, y));
  }

  /**
   * The paired test that fits the scores of the common items: {@link #mcnemarExact} when every
   * score is 0 or 1, else {@link #pairedT}.
   *
   * @param a A's scores, item by item
   * @param b B's scores on the same items in the same order
   */
  public static PairTest paired(double[] a, double[] b) {
    sameLength(a, b);
    if (!binary(a) || !binary(b)) {
      return pairedT(a, b);
    }
    int aBetter = 0;
    int bBetter = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        aBetter++;
      } else if (a[i] < b[i]) {
        bBetter++;
      }
    }
    return mcnemarExact(aBetter, bBetter, a.length);
  }

  /**
   * McNemar's exact test: b = #(A right, B wrong) and c = #(A wrong, B right) among n common items;
   * under "no difference" b is Binomial(b + c, ½), and the two-sided p-value is min(1, 2·P(X ≤
   * min(b, c))), as R's {@code binom.test(b, b + c)}. With b + c = 0 the p-value is 1. The
   * difference of the proportions right is (b − c)/n with the interval (b − c)/n ± 1.96·SE, SE =
   * √((b + c) − (b − c)²/n) / n (Agresti, Categorical Data Analysis, 2nd ed. (2002), §10.1.1; the
   * paired-difference SE of Miller 2024, reference §4.2), clipped to [−1, 1].
   *
   * @param b the items A got right and B wrong, ≥ 0
   * @param c the items A got wrong and B right, ≥ 0
   * @param n the common items, ≥ 1 and ≥ b + c
   */
  public static PairTest mcnemarExact(int b, int c, int n) {
    if (b < 0 || c < 0 || n < 1 || (long) b + c > n) {
      throw new IllegalArgumentException(
          "McNemar needs 0 <= b + c <= n and n >= 1, got b=" + b + " c=" + c + " n=" + n);
    }
    int discordant = b + c;
    double p = 1;
    if (discordant > 0) {
      BinomialDistribution binomial = new BinomialDistribution(null, discordant, 0.5);
      p = Math.min(1, 2 * binomial.cumulativeProbability(Math.min(b, c)));
    }
    double difference = (double) (b - c) / n;
    double stderr = Math.sqrt(Math.max(0, discordant - (double) (b - c) * (b - c) / n)) / n;
    double half = Normal.critical(PairTest.LEVEL) * stderr;
    return new PairTest(
        PairMethod.MCNEMAR_EXACT,
        difference,
        Math.max(-1, difference - half),
        Math.min(1, difference + half),
        p,
        n,
        b,
        c);
  }

  /**
   * Student's paired t-test on dᵢ = aᵢ − bᵢ: d̄ ± t_{n−1, .975}·s_d/√n and the two-sided p-value of
   * t = d̄/(s_d/√n) on n − 1 degrees of freedom, as R's {@code t.test(a, b, paired = TRUE)}. When
   * every dᵢ is equal (s_d = 0) the interval is [d̄, d̄] and p is 1 if d̄ = 0, else 0. Sources:
   * Student, "The probable error of a mean", Biometrika 6 (1908); the paired difference of Miller
   * 2024 (reference §4.2), with the t quantile instead of 1.96.
   *
   * @param a A's scores, item by item, at least two
   * @param b B's scores on the same items in the same order
   */
  public static PairTest pairedT(double[] a, double[] b) {
    sameLength(a, b);
    int n = a.length;
    if (n < 2) {
      throw new IllegalArgumentException("a paired t-test needs at least 2 common items, got " + n);
    }
    double[] d = new double[n];
    int aBetter = 0;
    int bBetter = 0;
    for (int i = 0; i < n; i++) {
      d[i] = Checks.finite("a[" + i + "]", a[i]) - Checks.finite("b[" + i + "]", b[i]);
      if (d[i] > 0) {
        aBetter++;
      } else if (d[i] < 0) {
        bBetter++;
      }
    }
    double mean = Intervals.mean(d);
    double stderr = Intervals.meanStandardError(d).orElseThrow();
    if (stderr == 0) {
      return new PairTest(
          PairMethod.PAIRED_T, mean, mean, mean, mean == 0 ? 1 : 0, n, aBetter, bBetter);
    }
    TDistribution t = new TDistribution(null, n - 1);
    double p = Math.min(1, 2 * t.cumulativeProbability(-Math.abs(mean / stderr)));
    double half = t.inverseCumulativeProbability(0.5 + PairTest.LEVEL / 2) * stderr;
    return new PairTest(
        PairMethod.PAIRED_T, mean, mean - half, mean + half, p, n, aBetter, bBetter);
  }

  /**
   * The unpaired z-test of two results known by value and standard error: A − B ± 1.96·SE with SE =
   * √(SE_A² + SE_B²) and p = 2·Φ(−|A − B|/SE). Much weaker than a paired test; overlapping marginal
   * intervals are not the criterion. With SE = 0 the p-value is 1 if the values are equal, else 0.
   * Source: Miller 2024, unpaired comparison (reference §4.2).
   *
   * @param valueA A's value; all four arguments in the same units
   * @param stderrA A's standard error, ≥ 0
   * @param valueB B's value
   * @param stderrB B's standard error, ≥ 0
   */
  public static PairTest unpairedZ(double valueA, double stderrA, double valueB, double stderrB) {
    Checks.finite("valueA", valueA);
    Checks.finite("valueB", valueB);
    double stderr = Math.hypot(Checks.nonNegative("stderrA", stderrA), stderrB);
    Checks.nonNegative("stderrB", stderrB);
    double difference = valueA - valueB;
    double p = stderr == 0 ? (difference == 0 ? 1 : 0) : Normal.twoSidedP(difference / stderr);
    double half = Normal.critical(PairTest.LEVEL) * stderr;
    return new PairTest(
        PairMethod.UNPAIRED_Z, difference, difference - half, difference + half, p, 0, 0, 0);
  }

  private static void sameLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "a paired test needs the same items: a has " + a.length + ", b has " + b.length);
    }
  }

  private static boolean binary(double[] scores) {
    for (double s : scores) {
      if (s != 0 && s != 1) {
        return false;
      }
    }
    return true;
  }
}
