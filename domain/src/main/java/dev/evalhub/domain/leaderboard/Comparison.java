package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.TaskRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two rows of one methodology group of a leaderboard compared (issue 13, "compare two models"):
 * both rows, the strongest test their data allows and, when both have per-sample details, the items
 * they share with each one's score. Immutable.
 *
 * @param task the leaderboard
 * @param group the methodology group both rows are in
 * @param a row A
 * @param b row B
 * @param test the test of A against B, absent when none is available (see {@code notEstablished})
 * @param notEstablished why no test could be made (a row without standard error or details)
 * @param items the common items (by item id, in id order) with A's and B's scores; empty without
 *     details on both
 */
public record Comparison(
    TaskRef task,
    MethodologyGroup group,
    LeaderboardEntry a,
    LeaderboardEntry b,
    Optional<Test> test,
    Optional<String> notEstablished,
    List<Item> items) {

  public Comparison {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(notEstablished, "notEstablished");
    items = List.copyOf(items);
    if (test.isPresent() == notEstablished.isPresent()) {
      throw new IllegalArgumentException("a comparison has a test or says why not");
    }
  }

  /**
   * A test of A against B: its method ({@code mcnemar-exact}, {@code paired-t}, {@code
   * unpaired-z}), the difference A − B with its 95% interval (task units), the two-sided p-value,
   * the common items and, of those, where A scored higher ({@code aBetter}, McNemar's b) and where
   * B did ({@code bBetter}, McNemar's c).
   */
  public record Test(
      String method,
      double difference,
      double lower,
      double upper,
      double level,
      double pValue,
      int common,
      int aBetter,
      int bBetter) {
    public Test {
      Objects.requireNonNull(method, "method");
    }
  }

  /** One common item: its id and A's and B's scores on it. */
  public record Item(String id, double a, double b) {
    public Item {
      Objects.requireNonNull(id, "id");
    }
  }
}
