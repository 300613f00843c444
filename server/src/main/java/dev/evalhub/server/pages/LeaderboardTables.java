package dev.evalhub.server.pages;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.lineage.LineageFold;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Turns a leaderboard into the tables a page shows: the filters applied, one table per methodology
 * group (the reference first) headed by how it differs from the reference, rows sorted by the
 * chosen column and formatted for display with their community claims, the rows outside the task's
 * range apart, unranked, with why, and after them the rows that left the leaderboard because the
 * public record stands against them (their badges say why). Public for the render benchmark.
 * Stateless.
 */
public final class LeaderboardTables {

  private static final String UNSPECIFIED = "unspecified";

  private LeaderboardTables() {}

  /**
   * The rows the filters keep, one table per methodology group in the leaderboard's order (the
   * reference first, results stating no methodology last), each headed by how it differs from the
   * reference; then the rows outside the task's range, apart and unranked.
   */
  public static List<BenchmarkView.Group> of(Leaderboard board, LeaderboardQuery query) {
    return of(board, query, Optional.empty());
  }

  /**
   * As {@link #of(Leaderboard, LeaderboardQuery)}, with {@code fold} (the leaderboard's rows folded
   * by lineage) when present: each group's rows in the fold's order instead of the sort's, each
   * indented under the shown rows of its bases and saying which base it is derived from; a row
   * whose base the filters hide moves up a level.
   */
  public static List<BenchmarkView.Group> of(
      Leaderboard board, LeaderboardQuery query, Optional<LineageFold> fold) {
    Map<LeaderboardEntry, Folded> folded = fold.map(f -> folded(f, query)).orElse(Map.of());
    Map<MethodologyGroup, List<Keyed>> byGroup = new LinkedHashMap<>();
    board.groups().forEach(g -> byGroup.put(g, new ArrayList<>()));
    List<Keyed> flagged = new ArrayList<>();
    for (List<LeaderboardEntry> rows : List.of(board.entries(), board.flagged())) {
      for (LeaderboardEntry entry : rows) {
        if (query.keeps(entry)) {
          Keyed keyed = new Keyed(entry.model().id().fullName(), entry);
          if (entry.flag().isPresent()) {
            flagged.add(keyed);
          } else {
            byGroup.computeIfAbsent(entry.provenance().group(), g -> new ArrayList<>()).add(keyed);
          }
        }
      }
    }
    byGroup.values().removeIf(List::isEmpty);
    List<BenchmarkView.Group> groups = new ArrayList<>();
    byGroup.forEach(
        (group, entries) -> {
          Optional<LeaderboardEntry> leader =
              board.entries().stream()
                  .filter(e -> e.provenance().group().equals(group))
                  .findFirst();
          Optional<GroupStatistics> statistics = board.statistics(group);
          String compareBase =
              StatisticsTexts.compareBase(board.task(), group, group.equals(board.groups().get(0)));
          List<LeaderboardEntry> ranked =
              entries.stream().map(Keyed::entry).filter(e -> e.rank() > 0).toList();
          groups.add(
              new BenchmarkView.Group(
                  heading(group, byGroup.size()),
                  group.role().id(),
                  entries.stream()
                      .sorted(
                          fold.isPresent()
                              ? Comparator.comparingInt(e -> position(folded.get(e.entry())))
                              : order(query.sort(), board.higherIsBetter()))
                      .map(
                          e ->
                              row(
                                  e,
                                  folded.get(e.entry()),
                                  summary(group.values()),
                                  leader
                                      // A test needs both rows' uncertainty: without it a
                                      // comparison only restates the two values.
                                      .filter(l -> l != e.entry() && testable(l, e.entry()))
                                      .map(
                                          l ->
                                              StatisticsTexts.compareUrl(compareBase, e.entry(), l))
                                      .orElse(null)))
                      .toList(),
                  statistics.map(StatisticsTexts::tests).orElse(null),
                  statistics.map(StatisticsTexts::power).orElse(null),
                  ErrorBarCharts.of(group.label(), ranked).orElse(null)));
        });
    if (!flagged.isEmpty()) {
      groups.add(
          new BenchmarkView.Group(
              "Not ranked: values outside the task's range",
              "flagged",
              flagged.stream()
                  .sorted(order(LeaderboardQuery.Sort.MODEL, board.higherIsBetter()))
                  .map(e -> row(e, null, e.entry().provenance().group().label(), null))
                  .toList()));
    }
    List<Keyed> invalidated =
        board.invalidated().stream()
            .filter(query::keeps)
            .map(e -> new Keyed(e.model().id().fullName(), e))
            .toList();
    if (!invalidated.isEmpty()) {
      groups.add(
          new BenchmarkView.Group(
              "Not ranked: the benchmark's public record stands against these results",
              "invalidated",
              invalidated.stream()
                  .map(e -> row(e, null, e.entry().provenance().group().label(), null))
                  .toList()));
    }
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

  private static boolean testable(LeaderboardEntry a, LeaderboardEntry b) {
    return a.uncertainty().flatMap(u -> u.stderr()).isPresent()
        && b.uncertainty().flatMap(u -> u.stderr()).isPresent();
  }

  private static int position(Folded folded) {
    return folded == null ? Integer.MAX_VALUE : folded.position();
  }

  /** A row's place in a fold: its position, the level it shows at, what it derives from. */
  private record Folded(int position, int level, String derivedFrom) {}

  /**
   * Each ranked row's place: in the fold's order, at the level of its shown bases (a base the
   * filters hide does not count).
   */
  private static Map<LeaderboardEntry, Folded> folded(LineageFold fold, LeaderboardQuery query) {
    Map<LeaderboardEntry, Folded> places = new java.util.IdentityHashMap<>();
    java.util.ArrayDeque<Boolean> shownAbove = new java.util.ArrayDeque<>();
    for (LineageFold.Row row : fold.rows()) {
      while (shownAbove.size() > row.level()) {
        shownAbove.pop();
      }
      int level = (int) shownAbove.stream().filter(Boolean::booleanValue).count();
      places.put(
          row.entry(),
          new Folded(
              places.size(),
              level,
              row.derivedFrom()
                  .map(
                      d ->
                          "derived from "
                              + d.base().fullName()
                              + (d.generations() == 1
                                  ? ""
                                  : ", " + d.generations() + " generations up")
                              + " ("
                              + d.relation().id()
                              + ")")
                  .orElse(null)));
      shownAbove.push(query.keeps(row.entry()));
    }
    return places;
  }

  private static BenchmarkView.Row row(
      Keyed keyed, Folded folded, String methodology, String compareUrl) {
    LeaderboardEntry entry = keyed.entry();
    Optional<LeaderboardEntry.SourceLink> source = entry.provenance().source();
    String sourceUrl = source.map(s -> Links.safeHref(s.url())).orElse(null);
    String sourceName = source.map(s -> s.name().orElse(s.url())).orElse(null);
    Optional<StatisticalRank> rank = entry.statistics();
    return new BenchmarkView.Row(
        entry.rank() == 0 ? "–" : Integer.toString(entry.rank()),
        keyed.modelId(),
        Numbers.format(entry.score().value()),
        entry.score().stderr().map(Numbers::format).orElse(null),
        // The leaderboard badge says "on this leaderboard": on the leaderboard itself it says
        // nothing.
        Badges.withOrigin(
            Badges.of(
                entry.badges().stream().filter(b -> b.kind() != Badge.Kind.LEADERBOARD).toList()),
            entry.model().origin()),
        methodology,
        sourceUrl,
        sourceName,
        entry.location().pullRequest().map(PrNumber::value).orElse(null),
        entry.provenance().notes().orElse(null),
        entry.claims().stream()
            .map(
                c ->
                    new BenchmarkView.Claim(
                        Numbers.format(c.value()), c.pullRequest().value(), c.author()))
            .toList(),
        entry
            .flag()
            .map(f -> f.reason() + f.hint().map(h -> " (" + h + ")").orElse(""))
            .orElse(null),
        StatisticsTexts.interval(entry),
        StatisticsTexts.intervalTitle(entry),
        n(entry),
        rank.map(r -> Integer.toString(r.tier())).orElse(null),
        rank.map(r -> Integer.toString(r.rankUpper())).orElse(null),
        rank.flatMap(StatisticalRank::tierTest).orElse(null),
        rank.map(r -> r.tier() % 2 == 1 ? "tier-odd" : "tier-even").orElse(null),
        compareUrl,
        folded == null ? 0 : folded.level(),
        folded == null ? null : folded.derivedFrom());
  }

  private static String n(LeaderboardEntry entry) {
    OptionalLong n =
        entry
            .uncertainty()
            .map(Uncertainty::n)
            .filter(OptionalLong::isPresent)
            .orElse(entry.provenance().numSamples());
    return n.isPresent() ? Long.toString(n.getAsLong()) : null;
  }

  private static String heading(MethodologyGroup group, int groupCount) {
    String apart =
        groupCount == 1
            ? ""
            : " (ranked separately: results are compared only within the same methodology)";
    return switch (group.role()) {
      case REFERENCE ->
          "Reference methodology: "
              + group.label().substring(group.label().indexOf(':') + 1).strip()
              + apart;
      case STATED ->
          (groupCount == 1 ? "Methodology: " : "Methodology group: ") + group.label() + apart;
      case NONE -> "No methodology stated" + apart;
    };
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
