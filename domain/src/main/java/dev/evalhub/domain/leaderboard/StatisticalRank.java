package dev.evalhub.domain.leaderboard;

import java.util.Objects;
import java.util.Optional;

/**
 * The order a row's group can claim for it from the tests of its pairs (hub-api.md, Leaderboards
 * rule 6; reference {@code leaderboards-and-statistics.md} §4.3), after Holm's correction across
 * the group's pairs at α = 0.05. Immutable.
 *
 * @param rankUpper 1 + the rows of the group significantly better than this one: LMArena's Rank
 *     (UB) with paired tests where the details allow
 * @param tier the row's tier, from 1: the rows its tier's leader cannot be separated from share it
 * @param tierTest the test that set this row's tier apart from the one above ({@code
 *     mcnemar-exact}, {@code paired-t}, {@code unpaired-z}); absent in tier 1
 */
public record StatisticalRank(int rankUpper, int tier, Optional<String> tierTest) {
  public StatisticalRank {
    Objects.requireNonNull(tierTest, "tierTest");
    if (rankUpper < 1 || tier < 1) {
      throw new IllegalArgumentException("rankUpper and tier count from 1");
    }
  }
}
