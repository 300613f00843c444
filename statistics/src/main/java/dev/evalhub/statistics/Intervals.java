package dev.evalhub.statistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Standard errors and confidence intervals of one result. Stateless and thread-safe.
 *
 * <p>Units: a value on a task whose values are proportions is passed with {@code scale = 1}; one
 * whose values are percentages (range [0, 100]) with {@code scale = 100}: it is read as a
 * proportion ×100 and the results come back ×100 too. {@code n} is the number of items scored. With
 * {@code n = 0} there is no interval: the methods return an empty optional.
 */
public final class Intervals {

  /** The level of every interval a leaderboard shows. */
  public static final double LEVEL_95 = 0.95;

  private Intervals() {}

  /**
   * The standard error of a binary proportion, √(p(1−p)/n), in the value's units (×scale). Source:
   * the CLT standard error for binary scores, Miller 2024 (reference §4.2).
   *
   * @param value the proportion on [0, scale]
   * @param n the number of items, ≥ 0
   * @param scale 1 for [0, 1], 100 for percentages
   * @return the standard error, empty when {@code n = 0}
   */
  public static OptionalDouble binaryStandardError(double value, long n, double scale) {
    double p = Checks.proportion("value", value, scale);
    if (Checks.nonNegative("n", n) == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.sqrt(p * (1 - p) / n) * scale);
  }

  /**
   * The standard error of the mean of per-item scores, s/√n with the sample standard deviation s
   * (divisor n − 1), as lm-evaluation-harness's {@code mean_stderr}. Source: the CLT standard
   * error, Miller 2024 (reference §4.2).
   *
   * @return the standard error in the scores' units, empty with fewer than two scores
   */
  public static OptionalDouble meanStandardError(double[] scores) {
    int n = scores.length;
    if (n < 2) {
      return OptionalDouble.empty();
    }
    double mean = mean(scores);
    double sum = 0;
    for (double s : scores) {
      sum += (s - mean) * (s - mean);
    }
    return OptionalDouble.of(Math.sqrt(sum / (n - 1) / n));
  }

  /**
   * Wilson's score interval of a binary proportion at a 95% level. See {@link #wilson(double, long,
   * double, double)}.
   */
  public static Optional<Interval> wilson(double value, long n, double scale) {
    return wilson(value, n, scale, LEVEL_95);
  }

  /**
   * Wilson's score interval of a binary proportion: with z the two-sided critical value of the
   * level, p = value/scale,
   *
   * <pre>
   *   centre = (p + z²/2n) / (1 + z²/n)
   *   half   = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
   * </pre>
   *
   * <p>Always inside [0, 1] (×scale), also at p = 0 or 1, where the normal interval collapses.
   * Sources: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
   * JASA 22 (1927); R. G. Newcombe, "Two-sided confidence intervals for the single proportion:
   * comparison of seven methods", Statistics in Medicine 17 (1998), method 3.
   *
   * @param value the proportion on [0, scale]
   * @param n the number of items, ≥ 0
   * @param scale 1 for [0, 1], 100 for percentages
   * @param level the confidence level, e.g. 0.95
   * @return the interval (×scale), empty when {@code n = 0}
   */
  public static Optional<Interval> wilson(double value, long n, double scale, double level) {
    double p = Checks.proportion("value", value, scale);
    double z = Normal.critical(level);
    if (Checks.nonNegative("n", n) == 0) {
      return Optional.empty();
    }
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // The bounds are in [0, 1] exactly; the clamp only removes rounding at p = 0 or 1.
    double lower = Math.max(0, centre - half);
    double upper = Math.min(1, centre + half);
    double stderr = Math.sqrt(p * (1 - p) / n);
    return Optional.of(
        new Interval(
            IntervalMethod.WILSON,
            value,
            stderr * scale,
            Math.min(lower, p) * scale,
            Math.max(upper, p) * scale,
            level));
  }

  /**
   * The normal interval value ± z·stderr, in the value's units. Not clipped to the task's range:
   * use {@link #wilson} for a binary proportion. Source: the CLT interval s̄ ± 1.96·SE, Miller 2024
   * (reference §4.2).
   *
   * @param value the estimate
   * @param stderr its standard error, ≥ 0, same units
   * @param level the confidence level, e.g. 0.95
   */
  public static Interval normal(double value, double stderr, double level) {
    Checks.finite("value", value);
    Checks.nonNegative("stderr", stderr);
    double half = Normal.critical(level) * stderr;
    return new Interval(IntervalMethod.NORMAL, value, stderr, value - half, value + half, level);
  }

  /**
   * The mean of per-item scores with a cluster-robust standard error and its normal interval. With
   * residuals eᵢ = sᵢ − s̄ and clusters c,
   *
   * <pre>
   *   SE_cl = √( SE_CLT² + (1/n²) Σ_c Σ_{i∈c} Σ_{j∈c, j≠i} eᵢ eⱼ ) = (1/n) · √( Σ_c (Σ_{i∈c} eᵢ)² )
   * </pre>
   *
   * with SE_CLT² = (1/n²) Σ eᵢ². This is Miller's formula without a small-sample correction
   * (Inspect and statsmodels multiply the variance by G/(G−1) for G clusters). Use with at least
   * 30–40 clusters. Source: E. Miller, "Adding Error Bars to Evals", arXiv 2411.00640 (2024)
   * (reference §4.2).
   *
   * @param scores the per-item scores, in the result's units
   * @param clusters the cluster key of each item, as many as scores, none null
   * @param level the confidence level, e.g. 0.95
   * @return the interval (method {@code clustered}), empty when there are no scores
   */
  public static Optional<Interval> clustered(double[] scores, List<String> clusters, double level) {
    if (clusters.size() != scores.length) {
      throw new IllegalArgumentException(
          "clusters has " + clusters.size() + " keys for " + scores.length + " scores");
    }
    Checks.openUnit("level", level);
    int n = scores.length;
    if (n == 0) {
      return Optional.empty();
    }
    double mean = mean(scores);
    Map<String, Double> sums = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = clusters.get(i);
      if (key == null) {
        throw new IllegalArgumentException("cluster key of item " + i + " is null");
      }
      sums.merge(key, scores[i] - mean, Double::sum);
    }
    double squares = 0;
    for (double sum : sums.values()) {
      squares += sum * sum;
    }
    double stderr = Math.sqrt(squares) / n;
    double half = Normal.critical(level) * stderr;
    return Optional.of(
        new Interval(IntervalMethod.CLUSTERED, mean, stderr, mean - half, mean + half, level));
  }

  static double mean(double[] scores) {
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      sum += Checks.finite("score " + i, scores[i]);
    }
    return sum / scores.length;
  }
}
