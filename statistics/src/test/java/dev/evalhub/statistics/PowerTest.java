package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PowerTest {

  /**
   * Reference §4.2: at p = .5, δ = 3 pp, α = .05, power .8 the items needed are 4,361 (ρ = 0) and
   * 2,181 (ρ = .5, discordance q = 2p(1−p)(1 − ρ) = 0.25); so at those n the detectable δ is 3 pp.
   */
  @Test
  void detectableDifferenceMatchesTheReferenceSampleSizes() {
    assertThat(Power.minimumDetectableDifference(0.5, 4361, 1).orElseThrow())
        .isCloseTo(0.03, within(0.0001));
    assertThat(Power.minimumDetectablePairedDifference(0.25, 2181, 1).orElseThrow())
        .isCloseTo(0.03, within(0.0001));
  }

  /** Reference §4.2: "a 198-item benchmark cannot separate models that differ by a few points". */
  @Test
  void aSmallBenchmarkDetectsOnlyLargeDifferences() {
    // 2.801585 · √(0.5 / 198) = 0.14078
    assertThat(Power.minimumDetectableDifference(50, 198, 100).orElseThrow())
        .isCloseTo(14.08, within(0.01));
  }

  @Test
  void pairingWithFewDiscordantItemsDetectsSmallerDifferences() {
    double unpaired = Power.minimumDetectableDifference(0.7, 1000, 1).orElseThrow();
    double paired = Power.minimumDetectablePairedDifference(0.1, 1000, 1).orElseThrow();

    assertThat(paired).isLessThan(unpaired);
  }

  @Test
  void noItemsMeansNoDetectableDifference() {
    assertThat(Power.minimumDetectableDifference(0.5, 0, 1)).isEmpty();
    assertThat(Power.minimumDetectablePairedDifference(0.3, 0, 1)).isEmpty();
  }
}
