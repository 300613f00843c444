package dev.evalhub.statistics;

/** Preconditions shared by the public entry points; messages name the value. Stateless. */
final class Checks {

  private Checks() {}

  static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + value);
    }
    return value;
  }

  static double nonNegative(String name, double value) {
    if (!(finite(name, value) >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** A probability strictly between 0 and 1 (a confidence level, a significance level, power). */
  static double openUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be strictly between 0 and 1, got " + value);
    }
    return value;
  }

  /** A scale: 1 for values in [0, 1], 100 for percentages. */
  static double scale(double scale) {
    if (!(Double.isFinite(scale) && scale > 0)) {
      throw new IllegalArgumentException(
          "scale must be a positive number (1 or 100), got " + scale);
    }
    return scale;
  }

  /** The proportion of a value on {@code [0, scale]}. */
  static double proportion(String name, double value, double scale) {
    scale(scale);
    if (!(value >= 0 && value <= scale)) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + scale + "] (a proportion ×" + scale + "), got " + value);
    }
    return value / scale;
  }
}
