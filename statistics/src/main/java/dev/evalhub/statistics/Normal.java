package dev.evalhub.statistics;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The standard normal distribution's quantiles and tails (Apache Commons Math). Immutable and
 * thread-safe: the distribution has no random generator, so it is never sampled.
 */
final class Normal {

  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

  private Normal() {}

  /** The two-sided critical value z_{1−(1−level)/2}: 1.959964 for a 95% level. */
  /** The two-sided critical value at 95%, 1.959964…, computed once: every test asks for it. */
  private static final double CRITICAL_95 = STANDARD.inverseCumulativeProbability(0.975);

  static double critical(double level) {
    Checks.openUnit("level", level);
    if (level == 0.95) {
      return CRITICAL_95;
    }
    return STANDARD.inverseCumulativeProbability(0.5 + level / 2);
  }

  /** The quantile z_q of probability q. */
  static double quantile(double q) {
    return STANDARD.inverseCumulativeProbability(Checks.openUnit("probability", q));
  }

  /** The two-sided p-value of a z statistic: 2·Φ(−|z|). */
  static double twoSidedP(double z) {
    return Math.min(1, 2 * STANDARD.cumulativeProbability(-Math.abs(z)));
  }
}
