package dev.evalhub.server.pages;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a leaderboard into the tables a page shows: the filters applied, one table per methodology
 * group headed by what sets it apart, rows sorted by the chosen column and formatted for display.
 * Public for the render benchmark. Stateless.
 */
public final class LeaderboardTables {

  private static final String UNSPECIFIED = "unspecified";

  private LeaderboardTables() {}

  /**
   * The rows the filters keep, one table per methodology group, each headed by what sets it apart.
   */
  public static List<BenchmarkView.Group> of(Leaderboard board, LeaderboardQuery query) {
    Map<Map<String, String>, List<Keyed>> byGroup = new LinkedHashMap<>();
    for (LeaderboardEntry entry : board.entries()) {
      if (query.keeps(entry)) {
        byGroup
            .computeIfAbsent(entry.provenance().group().values(), g -> new ArrayList<>())
            .add(new Keyed(entry.model().id().fullName(), entry));
      }
    }
    Set<String> differing = differingKeys(byGroup.keySet());
    List<BenchmarkView.Group> groups = new ArrayList<>();
    byGroup.forEach(
        (group, entries) ->
            groups.add(
                new BenchmarkView.Group(
                    heading(group, differing, byGroup.size()),
                    entries.stream()
                        .sorted(order(query.sort(), board.higherIsBetter()))
                        .map(e -> row(e, summary(group)))
                        .toList())));
    return groups;
  }

  /** A row with its model id spelled once, for sorting. */
  private record Keyed(String modelId, LeaderboardEntry entry) {
    int rank() {
      return entry.rank();
    }

    double value() {
      return entry.score().value();
    }
  }

  private static Comparator<Keyed> order(LeaderboardQuery.Sort sort, boolean higherIsBetter) {
    Comparator<Keyed> byModel = Comparator.comparing(Keyed::modelId, String.CASE_INSENSITIVE_ORDER);
    return switch (sort) {
      case RANK -> Comparator.comparingInt(Keyed::rank).thenComparing(byModel);
      case MODEL -> byModel.thenComparingInt(Keyed::rank);
      // Best first, whichever direction the metric has: the same order as the rank, without ties
      // broken by rank.
      case VALUE ->
          Comparator.comparingDouble((Keyed e) -> higherIsBetter ? -e.value() : e.value())
              .thenComparing(byModel);
    };
  }

  private static BenchmarkView.Row row(Keyed keyed, String methodology) {
    LeaderboardEntry entry = keyed.entry();
    Optional<LeaderboardEntry.SourceLink> source = entry.provenance().source();
    String sourceUrl = source.map(s -> Links.safeHref(s.url())).orElse(null);
    String sourceName = source.map(s -> s.name().orElse(s.url())).orElse(null);
    return new BenchmarkView.Row(
        Integer.toString(entry.rank()),
        keyed.modelId(),
        Numbers.format(entry.score().value()),
        entry.score().stderr().map(Numbers::format).orElse(null),
        // The leaderboard badge says "on this leaderboard": on the leaderboard itself it says
        // nothing.
        Badges.of(entry.badges().stream().filter(b -> b.kind() != Badge.Kind.LEADERBOARD).toList()),
        methodology,
        sourceUrl,
        sourceName,
        entry.location().pullRequest().map(PrNumber::value).orElse(null),
        entry.provenance().notes().orElse(null));
  }

  /** The methodology keys whose values differ between the groups: what a heading must name. */
  private static Set<String> differingKeys(Set<Map<String, String>> groups) {
    Set<String> keys = new TreeSet<>();
    for (Map<String, String> group : groups) {
      for (Map.Entry<String, String> pair : group.entrySet()) {
        if (groups.stream().anyMatch(other -> !pair.getValue().equals(other.get(pair.getKey())))) {
          keys.add(pair.getKey());
        }
      }
    }
    return keys;
  }

  private static String heading(Map<String, String> group, Set<String> differing, int groupCount) {
    if (groupCount == 1) {
      return "Methodology: " + summary(group);
    }
    return "Methodology group: "
        + group.entrySet().stream()
            .filter(e -> differing.contains(e.getKey()))
            .map(e -> e.getKey() + " = " + e.getValue())
            .collect(Collectors.joining(", "))
        + " (ranked separately: results are compared only within the same methodology)";
  }

  static String summary(Map<String, String> group) {
    String known =
        group.entrySet().stream()
            .filter(e -> !e.getValue().equals(UNSPECIFIED))
            .map(
                e ->
                    e.getKey().equals("num_fewshot")
                        ? e.getValue() + "-shot"
                        : e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return known.isEmpty() ? "not stated" : known;
  }
}
