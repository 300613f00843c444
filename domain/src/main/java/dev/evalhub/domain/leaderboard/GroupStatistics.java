package dev.evalhub.domain.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the statistics of one methodology group of a leaderboard rest on. Immutable.
 *
 * @param group the methodology group
 * @param rankedRows the rows given a statistical rank (those whose uncertainty is known, best
 *     first, at most {@code rankedLimit})
 * @param rankedLimit the most rows of a group the hub ranks statistically
 * @param testsByMethod how many pairs each test decided ({@code mcnemar-exact}, {@code paired-t},
 *     {@code unpaired-z}), in that order
 * @param notEstablished pairs with no test available (a row without uncertainty)
 * @param alpha the family-wise significance level (0.05), Holm-corrected across the tested pairs
 * @param n the typical number of items of the group's rows (their median {@code n}), when known
 * @param minimumDetectableDifference the smallest difference two rows at {@code n} items can be
 *     told apart by with 80% power at α = 0.05, unpaired, in the task's units (binary tasks only)
 */
public record GroupStatistics(
    MethodologyGroup group,
    int rankedRows,
    int rankedLimit,
    Map<String, Integer> testsByMethod,
    int notEstablished,
    double alpha,
    OptionalLong n,
    OptionalDouble minimumDetectableDifference) {

  public GroupStatistics {
    Objects.requireNonNull(group, "group");
    testsByMethod = Collections.unmodifiableMap(new LinkedHashMap<>(testsByMethod));
    Objects.requireNonNull(n, "n");
    Objects.requireNonNull(minimumDetectableDifference, "minimumDetectableDifference");
  }
}
