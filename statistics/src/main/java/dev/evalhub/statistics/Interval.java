package dev.evalhub.statistics;

/**
 * A confidence interval for one result, in the result's own units (a proportion, or a percentage
 * when the task's values are on [0, 100]). Immutable.
 *
 * @param method how it was computed (its {@link IntervalMethod#id()} is the wire name)
 * @param estimate the point estimate (the value, or the mean of the per-item scores)
 * @param stderr the standard error of the estimate, same units; for Wilson the plain binomial
 *     √(p(1−p)/n), which the (asymmetric) interval does not use
 * @param lower the lower bound, same units
 * @param upper the upper bound, same units
 * @param level the confidence level, e.g. 0.95
 */
public record Interval(
    IntervalMethod method,
    double estimate,
    double stderr,
    double lower,
    double upper,
    double level) {

  /** Checks that the bounds are ordered and the level is a probability. */
  public Interval {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    Checks.finite("estimate", estimate);
    Checks.nonNegative("stderr", stderr);
    Checks.finite("lower", lower);
    Checks.finite("upper", upper);
    Checks.openUnit("level", level);
    if (lower > upper) {
      throw new IllegalArgumentException("lower " + lower + " is above upper " + upper);
    }
  }

  /** The width {@code upper − lower}. */
  public double width() {
    return upper - lower;
  }

  /** Whether {@code x} lies in the closed interval. */
  public boolean contains(double x) {
    return lower <= x && x <= upper;
  }
}
