package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntervalsTest {

  /**
   * Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
   * methods", Statistics in Medicine 17:857–872, its worked examples, method 3 (Wilson, no
   * continuity correction); the digits beyond Newcombe's four are scipy 1.17's {@code binomtest(x,
   * n).proportion_ci(method="wilson")}.
   */
  @ParameterizedTest
  @CsvSource({
    "81, 263, 0.2552885198782742, 0.36620957698280004",
    "15, 148, 0.06238639953073629, 0.16048724172330803",
    "0, 20, 0.0, 0.16112515805281935",
    "1, 29, 0.006113214292762667, 0.17175521879320282"
  })
  void wilsonIntervalMatchesNewcombesPublishedExamples(int x, int n, double lower, double upper) {
    Interval interval = Intervals.wilson((double) x / n, n, 1).orElseThrow();

    assertThat(interval.method().id()).isEqualTo("wilson");
    assertThat(interval.lower()).isCloseTo(lower, within(1e-12));
    assertThat(interval.upper()).isCloseTo(upper, within(1e-12));
    assertThat(interval.level()).isEqualTo(0.95);
  }

  @Test
  void aPercentageIsAProportionTimesAHundred() {
    Interval fraction = Intervals.wilson(81.0 / 263, 263, 1).orElseThrow();
    Interval percent = Intervals.wilson(8100.0 / 263, 263, 100).orElseThrow();

    assertThat(percent.lower()).isCloseTo(fraction.lower() * 100, within(1e-9));
    assertThat(percent.upper()).isCloseTo(fraction.upper() * 100, within(1e-9));
    assertThat(percent.stderr()).isCloseTo(fraction.stderr() * 100, within(1e-9));
    assertThat(percent.estimate()).isEqualTo(8100.0 / 263);
  }

  @ParameterizedTest
  @CsvSource({"0, 1, 1", "1, 1, 1", "0, 5000, 1", "1, 5000, 1", "0, 30, 100", "100, 30, 100"})
  void wilsonAtTheEdgesStaysInsideTheRange(double value, int n, double scale) {
    Interval interval = Intervals.wilson(value, n, scale).orElseThrow();

    assertThat(interval.lower()).isBetween(0.0, scale);
    assertThat(interval.upper()).isBetween(0.0, scale);
    assertThat(interval.contains(value)).isTrue();
    assertThat(interval.width()).isPositive();
  }

  @Test
  void noItemsMeansNoIntervalAndNoStandardError() {
    assertThat(Intervals.wilson(0.5, 0, 1)).isEmpty();
    assertThat(Intervals.binaryStandardError(0.5, 0, 1)).isEmpty();
    assertThat(Intervals.clustered(new double[0], List.of(), 0.95)).isEmpty();
    assertThat(Intervals.meanStandardError(new double[] {1})).isEmpty();
  }

  @Test
  void aValueOutsideItsScaleIsRejected() {
    assertThatThrownBy(() -> Intervals.wilson(63.7, 100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value must be in [0, 1.0]");
    assertThatThrownBy(() -> Intervals.wilson(0.5, -1, 1)).hasMessageContaining("n must be >= 0");
    assertThatThrownBy(() -> Intervals.normal(0.5, -0.1, 0.95))
        .hasMessageContaining("stderr must be >= 0");
    assertThatThrownBy(() -> Intervals.normal(0.5, 0.1, 95))
        .hasMessageContaining("level must be strictly between 0 and 1");
  }

  /** The examples of reference §4.2: MMLU 0.41 pp, GPQA-Diamond 3.6 pp, HumanEval 3.1 pp. */
  @Test
  void binaryStandardErrorMatchesTheReferenceExamples() {
    assertThat(Intervals.binaryStandardError(0.64, 14_042, 1).orElseThrow())
        .isCloseTo(0.00405, within(0.00001));
    assertThat(Intervals.binaryStandardError(50, 198, 100).orElseThrow())
        .isCloseTo(3.55, within(0.01));
    assertThat(Intervals.binaryStandardError(0.8, 164, 1).orElseThrow())
        .isCloseTo(0.031, within(0.0005));
  }

  @Test
  void normalIntervalIsValuePlusMinusZTimesStderr() {
    Interval interval = Intervals.normal(0.5, 0.1, 0.95);

    assertThat(interval.method().id()).isEqualTo("normal");
    // z_{.975} = 1.959963984540054 (scipy.stats.norm.ppf(0.975)).
    assertThat(interval.lower()).isCloseTo(0.5 - 0.1959963984540054, within(1e-12));
    assertThat(interval.upper()).isCloseTo(0.5 + 0.1959963984540054, within(1e-12));
  }

  /**
   * By hand from Miller's sandwich form: mean 0.5, residuals ±0.5; cluster "x" holds items 0, 4, 5
   * (sum −0.5), cluster "y" items 1, 2, 3 (sum 0.5): SE = √(0.25 + 0.25)/6 = 0.117851.
   */
  @Test
  void clusteredStandardErrorFollowsMillersFormula() {
    double[] scores = {1, 1, 1, 0, 0, 0};
    List<String> clusters = List.of("x", "y", "y", "y", "x", "x");

    Interval interval = Intervals.clustered(scores, clusters, 0.95).orElseThrow();

    assertThat(interval.method().id()).isEqualTo("clustered");
    assertThat(interval.estimate()).isEqualTo(0.5);
    assertThat(interval.stderr()).isCloseTo(Math.sqrt(0.5) / 6, within(1e-15));
  }

  @Test
  void oneItemPerClusterIsTheBinaryStandardError() {
    double[] scores = {1, 0, 1, 1, 0, 1, 1, 1};
    List<String> clusters = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    double clustered = Intervals.clustered(scores, clusters, 0.95).orElseThrow().stderr();

    assertThat(clustered)
        .isCloseTo(Intervals.binaryStandardError(0.75, 8, 1).orElseThrow(), within(1e-15));
  }

  @Test
  void itemsThatMoveTogetherInAClusterAddNoPrecision() {
    double[] scores = {1, 0, 1, 1, 0};
    double[] doubled = {1, 1, 0, 0, 1, 1, 1, 1, 0, 0};
    List<String> single = List.of("a", "b", "c", "d", "e");
    List<String> pairs = List.of("a", "a", "b", "b", "c", "c", "d", "d", "e", "e");

    double once = Intervals.clustered(scores, single, 0.95).orElseThrow().stderr();
    double twice = Intervals.clustered(doubled, pairs, 0.95).orElseThrow().stderr();

    assertThat(twice).isCloseTo(once, within(1e-15));
  }

  @Test
  void clusterKeysMustMatchTheScores() {
    assertThatThrownBy(() -> Intervals.clustered(new double[] {1, 0}, List.of("a"), 0.95))
        .hasMessageContaining("1 keys for 2 scores");
  }

  @Test
  void moreDataWithTheSameSpreadNeverWidensAWilsonInterval() {
    for (int k = 0; k <= 20; k++) {
      double p = k / 20.0;
      double previous = Double.POSITIVE_INFINITY;
      for (int n = 20; n <= 20_000; n *= 2) {
        double width = Intervals.wilson(p, n, 1).orElseThrow().width();
        assertThat(width).as("p=%s n=%s", p, n).isLessThanOrEqualTo(previous);
        previous = width;
      }
    }
  }

  @Test
  void moreDataWithTheSameSpreadNeverWidensAMeanOrClusteredInterval() {
    double[] base = {0.2, 0.9, 0.4, 0.4, 0.7, 0.1, 1.0};
    double previousMean = Double.POSITIVE_INFINITY;
    double previousClustered = Double.POSITIVE_INFINITY;
    for (int copies = 1; copies <= 16; copies++) {
      double[] scores = new double[base.length * copies];
      List<String> clusters = new ArrayList<>();
      for (int i = 0; i < scores.length; i++) {
        scores[i] = base[i % base.length];
        clusters.add((i / base.length) + ":" + (i % base.length) / 2);
      }
      double mean = Intervals.meanStandardError(scores).orElseThrow();
      double clustered = Intervals.clustered(scores, clusters, 0.95).orElseThrow().stderr();
      assertThat(mean).isLessThanOrEqualTo(previousMean);
      assertThat(clustered).isLessThanOrEqualTo(previousClustered);
      previousMean = mean;
      previousClustered = clustered;
    }
  }
}
