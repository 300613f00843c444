package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairTestsTest {

  /**
   * Fagerland, Lydersen &amp; Laake, "The McNemar test for binary matched-pairs data", BMC Medical
   * Research Methodology 13:91 (2013), worked example (airway hyper-responsiveness, n = 21, b = 1,
   * c = 7): exact conditional p = 0.070; exactly 2·9/256 = 0.0703125, as R's {@code binom.test(1,
   * 8)} and scipy's {@code binomtest(1, 8)}.
   */
  @Test
  void mcnemarExactMatchesTheFagerlandExample() {
    PairTest test = PairTests.mcnemarExact(1, 7, 21);

    assertThat(test.method().id()).isEqualTo("mcnemar-exact");
    assertThat(test.pValue()).isCloseTo(0.0703125, within(1e-12));
    assertThat(test.aBetter()).isEqualTo(1);
    assertThat(test.bBetter()).isEqualTo(7);
    assertThat(test.common()).isEqualTo(21);
    assertThat(test.difference()).isCloseTo(-6.0 / 21, within(1e-15));
  }

  /**
   * Agresti, Categorical Data Analysis, 2nd ed. (2002), §10.1 (presidential approval, n = 1600, b =
   * 150, c = 86): difference 0.59 − 0.55 = 0.04, SE 0.0095, 95% CI (0.02, 0.06); the exact p-value
   * is scipy 1.17's {@code binomtest(150, 236).pvalue} = 3.7159361395713866e-05.
   */
  @Test
  void mcnemarExactMatchesAgrestisApprovalRatings() {
    PairTest test = PairTests.mcnemarExact(150, 86, 1600);

    assertThat(test.difference()).isCloseTo(0.04, within(1e-15));
    assertThat(test.lower()).isCloseTo(0.04 - 1.959964 * 0.0095490, within(1e-6));
    assertThat(test.upper()).isCloseTo(0.04 + 1.959964 * 0.0095490, within(1e-6));
    assertThat(test.pValue()).isCloseTo(3.7159361395713866e-05, within(1e-12));
  }

  @Test
  void noDiscordantItemsMeansNoEvidenceOfADifference() {
    PairTest test = PairTests.mcnemarExact(0, 0, 198);

    assertThat(test.pValue()).isEqualTo(1.0);
    assertThat(test.difference()).isZero();
    assertThat(test.lower()).isZero();
    assertThat(test.upper()).isZero();
  }

  @Test
  void equalDiscordantCountsGiveAPValueOfOne() {
    assertThat(PairTests.mcnemarExact(9, 9, 50).pValue()).isEqualTo(1.0);
  }

  /** One item, one discordant answer: 2·P(X ≤ 0 | 1, ½) = 1; the difference is the whole item. */
  @Test
  void aSingleCommonItemProvesNothing() {
    PairTest test = PairTests.mcnemarExact(1, 0, 1);

    assertThat(test.pValue()).isEqualTo(1.0);
    assertThat(test.difference()).isEqualTo(1.0);
    assertThat(test.upper()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void mcnemarRejectsImpossibleCounts() {
    assertThatThrownBy(() -> PairTests.mcnemarExact(5, 6, 10)).hasMessageContaining("b=5 c=6 n=10");
    assertThatThrownBy(() -> PairTests.mcnemarExact(0, 0, 0)).hasMessageContaining("n >= 1");
  }

  /**
   * Student's sleep data (Cushny &amp; Peebles; R's {@code sleep}): {@code t.test(extra ~ group,
   * data = sleep, paired = TRUE)} gives t = −4.0621, df = 9, p = 0.002833, mean difference −1.58,
   * 95% CI (−2.4598858, −0.7001142); scipy 1.17's {@code ttest_rel} agrees to the digits below.
   */
  @Test
  void pairedTMatchesRsSleepExample() {
    double[] drug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    double[] drug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    PairTest test = PairTests.pairedT(drug1, drug2);

    assertThat(test.method().id()).isEqualTo("paired-t");
    assertThat(test.difference()).isCloseTo(-1.58, within(1e-12));
    assertThat(test.lower()).isCloseTo(-2.459885763276983, within(1e-9));
    assertThat(test.upper()).isCloseTo(-0.7001142367230175, within(1e-9));
    assertThat(test.pValue()).isCloseTo(0.002832890197384273, within(1e-9));
    assertThat(test.common()).isEqualTo(10);
    assertThat(test.aBetter()).isZero();
    assertThat(test.bBetter()).isEqualTo(9);
  }

  @Test
  void pairedTNeedsTwoItemsAndHandlesIdenticalScores() {
    assertThatThrownBy(() -> PairTests.pairedT(new double[] {1}, new double[] {0}))
        .hasMessageContaining("at least 2 common items");
    PairTest same = PairTests.pairedT(new double[] {0.3, 0.5}, new double[] {0.3, 0.5});
    assertThat(same.pValue()).isEqualTo(1.0);
    assertThat(same.difference()).isZero();
  }

  /** z = (0.6 − 0.5)/√(0.03² + 0.04²) = 2; p = 2·Φ(−2) = 0.04550026389635839 (scipy norm.sf). */
  @Test
  void unpairedZTestUsesBothStandardErrors() {
    PairTest test = PairTests.unpairedZ(0.6, 0.03, 0.5, 0.04);

    assertThat(test.method().id()).isEqualTo("unpaired-z");
    assertThat(test.pValue()).isCloseTo(0.04550026389635839, within(1e-12));
    assertThat(test.lower()).isCloseTo(0.1 - 1.959963984540054 * 0.05, within(1e-12));
    assertThat(test.common()).isZero();
  }

  @Test
  void pairingSeparatesWhatAnUnpairedTestCannot() {
    double[] a = new double[200];
    double[] b = new double[200];
    for (int i = 0; i < 100; i++) {
      a[i] = 1;
      b[i] = 1;
    }
    for (int i = 100; i < 112; i++) {
      a[i] = 1;
    }
    double seA = Intervals.binaryStandardError(0.56, 200, 1).orElseThrow();
    double seB = Intervals.binaryStandardError(0.5, 200, 1).orElseThrow();

    PairTest paired = PairTests.paired(a, b);
    PairTest unpaired = PairTests.unpairedZ(0.56, seA, 0.5, seB);

    assertThat(paired.method()).isEqualTo(PairMethod.MCNEMAR_EXACT);
    assertThat(paired.pValue()).isCloseTo(2 * Math.pow(0.5, 12), within(1e-15));
    assertThat(unpaired.pValue()).isGreaterThan(0.2);
  }

  @Test
  void continuousScoresArePairedWithATTest() {
    PairTest test = PairTests.paired(new double[] {0.5, 1, 0.2}, new double[] {0.4, 0, 0.2});

    assertThat(test.method()).isEqualTo(PairMethod.PAIRED_T);
  }

  @Test
  void everyTestIsSymmetricInAAndB() {
    Random random = new Random(13);
    for (int round = 0; round < 200; round++) {
      int n = 2 + random.nextInt(60);
      double[] a = new double[n];
      double[] b = new double[n];
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = random.nextInt(2);
        b[i] = random.nextInt(2);
        x[i] = random.nextDouble();
        y[i] = random.nextDouble();
      }
      assertSymmetric(PairTests.paired(a, b), PairTests.paired(b, a));
      assertSymmetric(PairTests.pairedT(x, y), PairTests.pairedT(y, x));
      double seA = random.nextDouble() / 10;
      double seB = random.nextDouble() / 10;
      assertSymmetric(
          PairTests.unpairedZ(x[0], seA, y[0], seB), PairTests.unpairedZ(y[0], seB, x[0], seA));
    }
  }

  private static void assertSymmetric(PairTest ab, PairTest ba) {
    assertThat(ba.pValue()).isEqualTo(ab.pValue());
    assertThat(ba).isEqualTo(ab.swapped());
  }
}
