package dev.evalhub.statistics;

import java.util.OptionalDouble;

/**
 * The smallest difference between two results a benchmark can detect: at n items, two-sided α =
 * 0.05 and 80% power. Stateless and thread-safe.
 *
 * <p>From the sample-size formula n = (z_{1−α/2} + z_{1−β})²·Var(d)/δ² (Miller 2024, "power
 * analysis"; reference §4.2), solved for δ:
 *
 * <pre>
 *   δ = (z_{1−α/2} + z_{1−β}) · √(Var(d)/n),   z_{.975} + z_{.80} = 1.959964 + 0.841621 = 2.801585
 * </pre>
 *
 * where Var(d) = 2p(1−p) for two models each scored independently on n items (correlation 0), and
 * Var(d) = q, the discordance rate (the share of items exactly one of the two gets right, (b+c)/n)
 * for a paired comparison of binary scores (the variance of dᵢ ∈ {−1, 0, 1} under "no difference").
 * The normal approximation: near p = 0 or 1, or for tiny q·n, it understates δ.
 */
public final class Power {

  /** The two-sided significance level of the power calculation. */
  public static final double ALPHA = 0.05;

  /** The power of the calculation, 1 − β. */
  public static final double POWER = 0.80;

  private Power() {}

  /**
   * The minimum detectable difference between two independent binary proportions around {@code
   * value}, each on n items: 2.801585·√(2p(1−p)/n), ×scale.
   *
   * @param value the proportion on [0, scale] around which models are compared
   * @param n the number of items, ≥ 0
   * @param scale 1 for [0, 1], 100 for percentages
   * @return the difference, same units as {@code value}; empty when {@code n = 0}
   */
  public static OptionalDouble minimumDetectableDifference(double value, long n, double scale) {
    double p = Checks.proportion("value", value, scale);
    return detectable(2 * p * (1 - p), n, scale);
  }

  /**
   * The minimum detectable difference of a paired comparison of binary scores on n common items
   * whose discordance rate is q: 2.801585·√(q/n), ×scale.
   *
   * @param discordance q = (b + c)/n, the share of items exactly one model gets right, on [0, 1]
   * @param n the number of common items, ≥ 0
   * @param scale 1 for [0, 1], 100 for percentages (of the result, not of q)
   * @return the difference in the result's units; empty when {@code n = 0}
   */
  public static OptionalDouble minimumDetectablePairedDifference(
      double discordance, long n, double scale) {
    double q = Checks.proportion("discordance", discordance, 1);
    return detectable(q, n, Checks.scale(scale));
  }

  private static OptionalDouble detectable(double variance, long n, double scale) {
    if (Checks.nonNegative("n", n) == 0) {
      return OptionalDouble.empty();
    }
    double k = Normal.critical(1 - ALPHA) + Normal.quantile(POWER);
    return OptionalDouble.of(k * Math.sqrt(variance / n) * scale);
  }
}
