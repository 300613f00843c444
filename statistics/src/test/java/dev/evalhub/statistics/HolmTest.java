package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HolmTest {

  /**
   * The example of Wikipedia's "Holm–Bonferroni method": four hypotheses with p = 0.01, 0.04, 0.03,
   * 0.005 at α = 0.05; H4 (0.005 ≤ 0.05/4) and H1 (0.01 ≤ 0.05/3) are rejected, then 0.03 > 0.05/2
   * stops. R's {@code p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm")} = 0.03 0.06 0.06 0.02.
   */
  @Test
  void stepDownMatchesThePublishedExample() {
    Holm.Result result = Holm.adjust(List.of(0.01, 0.04, 0.03, 0.005), 0.05);

    assertThat(result.rejected()).containsExactly(true, false, false, true);
    assertThat(result.adjusted().get(0)).isCloseTo(0.03, within(1e-15));
    assertThat(result.adjusted().get(1)).isCloseTo(0.06, within(1e-15));
    assertThat(result.adjusted().get(2)).isCloseTo(0.06, within(1e-15));
    assertThat(result.adjusted().get(3)).isCloseTo(0.02, within(1e-15));
    assertThat(result.rejections()).isEqualTo(2);
  }

  @Test
  void adjustedPValuesNeverExceedOne() {
    Holm.Result result = Holm.adjust(List.of(0.4, 0.6, 0.9), 0.05);

    assertThat(result.adjusted()).containsExactly(1.0, 1.0, 1.0);
    assertThat(result.rejections()).isZero();
  }

  @Test
  void anEmptyFamilyRejectsNothing() {
    Holm.Result result = Holm.adjust(List.of(), 0.05);

    assertThat(result.adjusted()).isEmpty();
    assertThat(result.rejected()).isEmpty();
  }

  @Test
  void aPValueOutsideTheUnitIntervalIsRejected() {
    assertThatThrownBy(() -> Holm.adjust(List.of(0.1, 1.5), 0.05))
        .hasMessageContaining("p-value 1 must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> Holm.adjust(List.of(0.1, Double.NaN), 0.05))
        .hasMessageContaining("p-value 1");
  }

  @Test
  void holmNeverRejectsMoreThanUnadjustedTests() {
    Random random = new Random(1979);
    for (int round = 0; round < 500; round++) {
      List<Double> p = new ArrayList<>();
      int m = random.nextInt(30);
      for (int i = 0; i < m; i++) {
        p.add(random.nextBoolean() ? random.nextDouble() : random.nextDouble() / 100);
      }
      Holm.Result result = Holm.adjust(p, 0.05);
      for (int i = 0; i < m; i++) {
        assertThat(result.adjusted().get(i)).isGreaterThanOrEqualTo(p.get(i));
        if (result.rejected().get(i)) {
          assertThat(p.get(i)).isLessThanOrEqualTo(0.05);
        }
      }
      // Holm rejects at least what Bonferroni (α/m) rejects.
      for (int i = 0; i < m; i++) {
        if (p.get(i) <= 0.05 / m) {
          assertThat(result.rejected().get(i)).isTrue();
        }
      }
    }
  }
}
