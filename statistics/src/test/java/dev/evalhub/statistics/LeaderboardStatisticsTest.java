package dev.evalhub.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.statistics.Ranks.Comparison;
import dev.evalhub.statistics.Ranks.Ranked;
import dev.evalhub.statistics.Ranks.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module's parts together, as a leaderboard group uses them: test every pair, Holm, rank. */
class LeaderboardStatisticsTest {

  private static final int ITEMS = 400;

  /**
   * Four models on the same 400 binary items: "strong" is right wherever "base" is, plus 20 items
   * (a 5-point lead, paired: 20 to 0 discordant); "twin" is "base" with 10 answers flipped each way
   * (no lead); "noisy" answers at random with base's accuracy (no common signal).
   */
  @Test
  void pairedTestsSeparateALeadAndTieWhatTheDataCannotOrder() {
    Map<String, Map<String, Double>> scores = new HashMap<>();
    Random random = new Random(483);
    Map<String, Double> base = new HashMap<>();
    Map<String, Double> strong = new HashMap<>();
    Map<String, Double> twin = new HashMap<>();
    Map<String, Double> noisy = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      String item = "q" + i;
      double right = i < 240 ? 1 : 0;
      base.put(item, right);
      strong.put(item, i < 260 ? 1.0 : 0.0);
      twin.put(item, i < 10 ? 0.0 : i >= 240 && i < 250 ? 1.0 : right);
      noisy.put(item, random.nextDouble() < 0.6 ? 1.0 : 0.0);
    }
    scores.put("base", base);
    scores.put("strong", strong);
    scores.put("twin", twin);
    scores.put("noisy", noisy);
    List<String> models = List.of("base", "strong", "twin", "noisy");
    List<Row> rows = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      String a = models.get(i);
      rows.add(new Row(a, mean(scores.get(a))));
      for (int j = i + 1; j < models.size(); j++) {
        String b = models.get(j);
        comparisons.add(
            new Comparison(
                a, b, PairTests.pairedByItem(scores.get(a), scores.get(b)).orElseThrow()));
      }
    }

    Set<Ranks.Better> better = Ranks.significantlyBetter(comparisons, 0.05, true);
    List<Ranked> ranked = Ranks.rank(rows, true, better);

    assertThat(better).contains(new Ranks.Better("strong", "base"));
    assertThat(better).contains(new Ranks.Better("strong", "twin"));
    assertThat(better).doesNotContain(new Ranks.Better("base", "twin"));
    Ranked top = ranked.get(0);
    assertThat(top.id()).isEqualTo("strong");
    Ranked baseRow = ranked.stream().filter(r -> r.id().equals("base")).findFirst().orElseThrow();
    Ranked twinRow = ranked.stream().filter(r -> r.id().equals("twin")).findFirst().orElseThrow();
    assertThat(baseRow.rankUpper()).isEqualTo(2);
    assertThat(twinRow.rankUpper()).isEqualTo(2);
    assertThat(baseRow.tier()).isEqualTo(twinRow.tier()).isEqualTo(2);
    // The same lead, tested without pairing, is not significant: 0.65 vs 0.6 on 400 items.
    double seStrong = Intervals.binaryStandardError(0.65, ITEMS, 1).orElseThrow();
    double seBase = Intervals.binaryStandardError(0.6, ITEMS, 1).orElseThrow();
    assertThat(PairTests.unpairedZ(0.65, seStrong, 0.6, seBase).pValue()).isGreaterThan(0.1);
  }

  @Test
  void itemsAreMatchedByIdAndOnlyCommonOnesCount() {
    Map<String, Double> a = Map.of("x", 1.0, "y", 1.0, "z", 0.0);
    Map<String, Double> b = Map.of("y", 0.0, "z", 0.0, "w", 1.0);

    PairTest test = PairTests.pairedByItem(a, b).orElseThrow();

    assertThat(test.common()).isEqualTo(2);
    assertThat(test.aBetter()).isEqualTo(1);
    assertThat(test.bBetter()).isZero();
    assertThat(PairTests.pairedByItem(a, Map.of("w", 1.0))).isEmpty();
    assertThat(PairTests.pairedByItem(Map.of("x", 0.5), Map.of("x", 0.2))).isEmpty();
  }

  private static double mean(Map<String, Double> scores) {
    return scores.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
