package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.statistics.Ranks.Better;
import dev.evalhub.statistics.Ranks.Comparison;
import dev.evalhub.statistics.Ranks.Ranked;
import dev.evalhub.statistics.Ranks.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RanksTest {

  private static final List<Row> FOUR =
      List.of(new Row("c", 0.7), new Row("a", 0.9), new Row("d", 0.6), new Row("b", 0.8));

  @Test
  void equalValuesShareTheOrdinaryRank() {
    List<Row> rows =
        List.of(new Row("a", 0.9), new Row("b", 0.8), new Row("c", 0.8), new Row("d", 0.7));

    List<Ranked> ranked = Ranks.rank(rows, true, Set.of());

    assertThat(ranked).extracting(Ranked::rank).containsExactly(1, 2, 2, 4);
    assertThat(ranked).extracting(Ranked::position).containsExactly(1, 2, 3, 4);
  }

  @Test
  void withoutSignificantDifferencesEveryRowSharesTheTopRankAndTier() {
    List<Ranked> ranked = Ranks.rank(FOUR, true, Set.of());

    assertThat(ranked).extracting(Ranked::id).containsExactly("a", "b", "c", "d");
    assertThat(ranked).extracting(Ranked::rankUpper).containsOnly(1);
    assertThat(ranked).extracting(Ranked::tier).containsOnly(1);
  }

  @Test
  void everyPairSeparatedGivesTheOrdinaryRanksAndOneTierEach() {
    Set<Better> all = new HashSet<>();
    List<String> order = List.of("a", "b", "c", "d");
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        all.add(new Better(order.get(i), order.get(j)));
      }
    }

    List<Ranked> ranked = Ranks.rank(FOUR, true, all);

    assertThat(ranked).extracting(Ranked::rankUpper).containsExactly(1, 2, 3, 4);
    assertThat(ranked).extracting(Ranked::tier).containsExactly(1, 2, 3, 4);
  }

  /**
   * a beats c and d, b beats d: rankUpper is 1, 1, 2, 3; tier 1 is a with b (a cannot be separated
   * from b), c leads tier 2 (a beats it) and d joins it (c cannot be separated from d).
   */
  @Test
  void rankUpperCountsTheRowsSignificantlyBetterAndTiersFollowTheirLeaders() {
    Set<Better> relation = Set.of(new Better("a", "c"), new Better("a", "d"), new Better("b", "d"));

    List<Ranked> ranked = Ranks.rank(FOUR, true, relation);

    assertThat(ranked).extracting(Ranked::rankUpper).containsExactly(1, 1, 2, 3);
    assertThat(ranked).extracting(Ranked::tier).containsExactly(1, 1, 2, 2);
  }

  @Test
  void lowerIsBetterRanksTheSmallestValueFirst() {
    List<Ranked> ranked = Ranks.rank(FOUR, false, Set.of(new Better("d", "a")));

    assertThat(ranked).extracting(Ranked::id).containsExactly("d", "c", "b", "a");
    assertThat(ranked).extracting(Ranked::rankUpper).containsExactly(1, 1, 1, 2);
    assertThat(ranked).extracting(Ranked::tier).containsExactly(1, 1, 1, 2);
  }

  @Test
  void aClaimThatContradictsTheValuesLiftsNoRow() {
    List<Ranked> ranked = Ranks.rank(FOUR, true, Set.of(new Better("d", "a")));

    assertThat(ranked).extracting(Ranked::rankUpper).containsOnly(1);
    assertThat(ranked).extracting(Ranked::tier).containsOnly(1);
  }

  @Test
  void badRowsAndRelationsAreRejected() {
    assertThatThrownBy(() -> Ranks.rank(List.of(new Row("a", 1), new Row("a", 2)), true, Set.of()))
        .hasMessageContaining("row id a appears twice");
    assertThatThrownBy(() -> Ranks.rank(FOUR, true, Set.of(new Better("a", "z"))))
        .hasMessageContaining("not ranked");
    assertThatThrownBy(() -> new Better("a", "a")).hasMessageContaining("itself");
  }

  @Test
  void significantlyBetterAppliesHolmAndTheDirection() {
    PairTest clear = PairTests.mcnemarExact(30, 2, 500); // a − b > 0, p ≈ 1e-7
    PairTest marginal = PairTests.unpairedZ(0.6, 0.03, 0.5, 0.04); // p = 0.0455; Holm: ×2
    PairTest none = PairTests.unpairedZ(0.5, 0.1, 0.5, 0.1); // p = 1
    PairTest errorRate = PairTests.unpairedZ(0.1, 0.01, 0.3, 0.01); // c − d < 0, p tiny

    Set<Better> higher =
        Ranks.significantlyBetter(
            List.of(
                new Comparison("a", "b", clear),
                new Comparison("a", "c", marginal),
                new Comparison("c", "d", errorRate),
                new Comparison("b", "d", none)),
            0.05,
            true);
    Set<Better> lower =
        Ranks.significantlyBetter(List.of(new Comparison("c", "d", errorRate)), 0.05, false);

    assertThat(higher).containsExactlyInAnyOrder(new Better("a", "b"), new Better("d", "c"));
    assertThat(lower).containsExactly(new Better("c", "d"));
  }

  @Test
  void rankUpperNeverExceedsTheOrdinaryRankNorTierThePosition() {
    Random random = new Random(621);
    for (int round = 0; round < 300; round++) {
      List<Row> rows = new ArrayList<>();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        rows.add(new Row("m" + i, random.nextInt(6) / 5.0));
      }
      Set<Better> relation = new HashSet<>();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j && random.nextInt(3) == 0) {
            relation.add(new Better("m" + i, "m" + j));
          }
        }
      }
      boolean higherIsBetter = random.nextBoolean();

      List<Ranked> ranked = Ranks.rank(rows, higherIsBetter, relation);

      int previousTier = 1;
      for (Ranked row : ranked) {
        assertThat(row.rankUpper()).isBetween(1, row.rank());
        assertThat(row.rank()).isLessThanOrEqualTo(row.position());
        assertThat(row.tier()).isBetween(previousTier, row.position());
        previousTier = row.tier();
      }
    }
  }
}
