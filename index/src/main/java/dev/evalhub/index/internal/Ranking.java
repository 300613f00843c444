package dev.evalhub.index.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leaderboard rules of hub-api.md on a task's candidates: a pull request's entry identical to
 * one on {@code main} counts once; one row per model and methodology group, the best value by the
 * task's direction, ties to verified, then {@code main} over a pull request, then the later date;
 * ranks 1, 2, 2, 4 within each group. Stateless.
 */
public final class Ranking {

  /** A candidate with its rank in its group. */
  public record Ranked(int rank, Candidate candidate) {}

  private Ranking() {}

  /** The ranked rows, ordered by group, then rank, then model id. */
  public static List<Ranked> rank(List<Candidate> candidates, boolean higherIsBetter) {
    Comparator<Candidate> byValue = Comparator.comparingDouble(Candidate::value);
    if (higherIsBetter) {
      byValue = byValue.reversed();
    }
    Comparator<Candidate> preference =
        byValue
            .thenComparing(Candidate::verified, Comparator.reverseOrder())
            .thenComparing(Candidate::onMain, Comparator.reverseOrder())
            .thenComparing(Candidate::effectiveTime, Comparator.reverseOrder())
            // What is left only makes the choice independent of the order rows come from the
            // database.
            .thenComparing(Candidate::filePath)
            .thenComparingInt(Candidate::entryIndex)
            .thenComparing(c -> c.onMain() ? 0 : c.prNumber());
    Map<String, Candidate> best = new LinkedHashMap<>();
    for (Candidate candidate : withoutPullRequestCopies(candidates)) {
      best.merge(
          candidate.modelId() + "\n" + candidate.groupKey(),
          candidate,
          (a, b) -> preference.compare(a, b) <= 0 ? a : b);
    }
    Map<String, List<Candidate>> groups = new TreeMap<>();
    for (Candidate winner : best.values()) {
      groups.computeIfAbsent(winner.groupKey(), g -> new ArrayList<>()).add(winner);
    }
    List<Ranked> ranked = new ArrayList<>();
    Comparator<Candidate> order = byValue.thenComparing(Candidate::modelId);
    for (List<Candidate> group : groups.values()) {
      group.sort(order);
      for (int i = 0; i < group.size(); i++) {
        boolean tied = i > 0 && group.get(i).value() == group.get(i - 1).value();
        ranked.add(new Ranked(tied ? ranked.get(ranked.size() - 1).rank() : i + 1, group.get(i)));
      }
    }
    return ranked;
  }

  private static List<Candidate> withoutPullRequestCopies(List<Candidate> candidates) {
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
