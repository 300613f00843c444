package dev.evalhub.index.internal;

import dev.evalhub.formats.model.TaskSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leaderboard rules of hub-api.md on a task's candidates: a pull request's entry identical to
 * one on {@code main} counts once; a value outside the task's {@code metric.range} is flagged and
 * not ranked (rule 5); one row per model and methodology group chosen by provenance first (a
 * verified result, else one from {@code main}, else one from an open pull request), then the best
 * value by the task's direction, then the later date (rule 4); the values open pull requests claim
 * that differ from the row's are kept on the row; ranks 1, 2, 2, 4 within each group. Stateless.
 */
public final class Ranking {

  /**
   * A candidate with its rank in its group and the differing values open pull requests claim for
   * the same model and group (best first).
   */
  public record Ranked(int rank, Candidate candidate, List<Candidate> claims) {
    public Ranked {
      claims = List.copyOf(claims);
    }
  }

  /**
   * A value outside the task's range, not ranked: why ({@code reason}) and, when it fits the range
   * ×100 or ÷100, a {@code hint} at the unit.
   */
  public record Flagged(Candidate candidate, String reason, Optional<String> hint) {}

  /** The ranked rows (by group key, then rank, then model id) and the flagged ones apart. */
  public record Board(List<Ranked> ranked, List<Flagged> flagged) {}

  private Ranking() {}

  /** The rows of a task whose values must lie in {@code range} (when declared). */
  public static Board rank(
      List<Candidate> candidates, boolean higherIsBetter, Optional<TaskSettings.Range> range) {
    Comparator<Candidate> byValue = Comparator.comparingDouble(Candidate::value);
    if (higherIsBetter) {
      byValue = byValue.reversed();
    }
    Comparator<Candidate> preference =
        Comparator.comparingInt(Ranking::provenance)
            .thenComparing(byValue)
            .thenComparing(Candidate::effectiveTime, Comparator.reverseOrder())
            // What is left only makes the choice independent of the order rows come from the
            // database.
            .thenComparing(Candidate::filePath)
            .thenComparingInt(Candidate::entryIndex)
            .thenComparing(c -> c.onMain() ? 0 : c.prNumber());
    Map<String, List<Candidate>> inRange = new LinkedHashMap<>();
    Map<String, List<Candidate>> outOfRange = new LinkedHashMap<>();
    for (Candidate candidate : withoutPullRequestCopies(candidates)) {
      boolean fits = range.map(r -> within(candidate.value(), r)).orElse(true);
      (fits ? inRange : outOfRange)
          .computeIfAbsent(
              candidate.modelId() + "\n" + candidate.groupKey(), k -> new ArrayList<>())
          .add(candidate);
    }
    Map<String, List<Ranked>> groups = new TreeMap<>();
    for (List<Candidate> same : inRange.values()) {
      Candidate winner = same.stream().min(preference).orElseThrow();
      groups
          .computeIfAbsent(winner.groupKey(), g -> new ArrayList<>())
          .add(new Ranked(0, winner, claims(winner, same, byValue)));
    }
    List<Ranked> ranked = new ArrayList<>();
    Comparator<Ranked> order =
        Comparator.comparing(Ranked::candidate, byValue.thenComparing(Candidate::modelId));
    for (List<Ranked> group : groups.values()) {
      group.sort(order);
      for (int i = 0; i < group.size(); i++) {
        Ranked row = group.get(i);
        boolean tied = i > 0 && row.candidate().value() == group.get(i - 1).candidate().value();
        ranked.add(
            new Ranked(
                tied ? ranked.get(ranked.size() - 1).rank() : i + 1,
                row.candidate(),
                row.claims()));
      }
    }
    List<Flagged> flagged = new ArrayList<>();
    TaskSettings.Range declared = range.orElse(null);
    outOfRange.values().stream()
        .map(same -> same.stream().min(preference).orElseThrow())
        .sorted(Comparator.comparing(Candidate::groupKey).thenComparing(Candidate::modelId))
        .forEach(
            c ->
                flagged.add(
                    new Flagged(
                        c,
                        "outside the task's range " + text(declared),
                        hint(c.value(), declared))));
    return new Board(ranked, flagged);
  }

  /** 0 verified, 1 from {@code main}, 2 from an open pull request: lower is preferred. */
  private static int provenance(Candidate c) {
    return c.verified() ? 0 : c.onMain() ? 1 : 2;
  }

  /** The open pull requests' values for the same model and group that differ from the row's. */
  private static List<Candidate> claims(
      Candidate row, List<Candidate> same, Comparator<Candidate> byValue) {
    Set<String> seen = new HashSet<>();
    return same.stream()
        .filter(c -> !c.onMain() && c != row && c.value() != row.value())
        .filter(c -> seen.add(c.prNumber() + "\n" + c.value()))
        .sorted(byValue.thenComparing(Candidate::prNumber))
        .toList();
  }

  private static boolean within(double value, TaskSettings.Range range) {
    return value >= range.min() && value <= range.max();
  }

  /** "looks like a percentage on a [0, 1] task" (or the reverse) when the value fits ×/÷ 100. */
  static Optional<String> hint(double value, TaskSettings.Range range) {
    if (within(value / 100, range)) {
      return Optional.of("looks like a percentage on a " + text(range) + " task");
    }
    if (within(value * 100, range)) {
      return Optional.of("looks like a fraction on a " + text(range) + " task");
    }
    return Optional.empty();
  }

  static String text(TaskSettings.Range range) {
    return "[" + number(range.min()) + ", " + number(range.max()) + "]";
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** The candidates but an open pull request's copy of the same model's entry on {@code main}. */
  static List<Candidate> withoutPullRequestCopies(List<Candidate> candidates) {
    Set<String> onMain = new HashSet<>();
    for (Candidate c : candidates) {
      if (c.onMain()) {
        onMain.add(c.modelId() + "\n" + c.entrySha256());
      }
    }
    return candidates.stream()
        .filter(c -> c.onMain() || !onMain.contains(c.modelId() + "\n" + c.entrySha256()))
        .toList();
  }
}
