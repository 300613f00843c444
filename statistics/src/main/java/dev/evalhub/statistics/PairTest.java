package dev.evalhub.statistics;

/**
 * The outcome of a test of a pair of results A and B: the difference A − B with its 95% interval
 * and the two-sided p-value of "no difference". Symmetric: the test of (B, A) has the same p-value,
 * the negated difference and interval, and {@code aBetter}/{@code bBetter} swapped. Immutable.
 *
 * @param method the test
 * @param difference the estimate of A − B, in the scores' units (a proportion for McNemar)
 * @param lower the lower bound of its 95% confidence interval
 * @param upper the upper bound of its 95% confidence interval
 * @param pValue the two-sided p-value, in [0, 1]
 * @param common the number of items both were scored on (0 for an unpaired test)
 * @param aBetter the common items where A scored higher (McNemar's b: A right, B wrong)
 * @param bBetter the common items where B scored higher (McNemar's c: A wrong, B right)
 */
public record PairTest(
    PairMethod method,
    double difference,
    double lower,
    double upper,
    double pValue,
    int common,
    int aBetter,
    int bBetter) {

  /** The level of the difference's interval. */
  public static final double LEVEL = Intervals.LEVEL_95;

  /** Checks the interval, the p-value and the counts; −0.0 becomes 0.0. */
  public PairTest {
    difference += 0.0;
    lower += 0.0;
    upper += 0.0;
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    Checks.finite("difference", difference);
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower " + lower + " is not below upper " + upper);
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0, 1], got " + pValue);
    }
    if (common < 0 || aBetter < 0 || bBetter < 0 || aBetter + bBetter > common) {
      throw new IllegalArgumentException(
          "counts must satisfy 0 <= aBetter + bBetter <= common, got "
              + aBetter
              + " + "
              + bBetter
              + " of "
              + common);
    }
  }

  /** The same test seen from the other side: (B, A). */
  public PairTest swapped() {
    return new PairTest(method, -difference, -upper, -lower, pValue, common, bBetter, aBetter);
  }
}
