package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.CompareView;
import dev.evalhub.service.LeaderboardService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Builds the compare page from the leaderboard service's comparison (which checks that the caller
 * may see the benchmark and keeps private models out): both rows, the test, and the common items
 * the filter keeps ({@code all, a_better, b_better, same}), at most {@link #CAP}. Thread-safe.
 */
final class ComparePages {

  /** The most items the page lists: an MMLU has 14,042. */
  static final int CAP = 500;

  private static final Map<String, String> TESTS =
      Map.of(
          "mcnemar-exact", "McNemar's exact test (paired, per item)",
          "paired-t", "paired t-test (per item)",
          "unpaired-z", "unpaired z-test on the standard errors");

  /** The item filters, in the order the page lists them. */
  private enum Filter {
    ALL("all", item -> true),
    A_BETTER("A better", item -> item.a() > item.b()),
    B_BETTER("B better", item -> item.b() > item.a()),
    SAME("same score", item -> item.a() == item.b());

    final String label;
    final Predicate<Comparison.Item> keeps;

    Filter(String label, Predicate<Comparison.Item> keeps) {
      this.label = label;
      this.keeps = keeps;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final LeaderboardService leaderboards;

  ComparePages(LeaderboardService leaderboards) {
    this.leaderboards = leaderboards;
  }

  CompareView page(
      Chrome chrome, RepoId dataset, Map<String, String> query, Optional<Caller> caller) {
    String task = required(query, "task_id");
    RepoId a = model("a", required(query, "a"));
    RepoId b = model("b", required(query, "b"));
    Optional<String> group = Optional.ofNullable(query.get("group")).filter(g -> !g.isBlank());
    Filter filter = filter(query.get("filter"));
    Comparison comparison = leaderboards.compare(dataset, task, a, b, group, caller);
    List<CompareView.Filter> filters = new ArrayList<>();
    if (!comparison.items().isEmpty()) {
      String base =
          "/datasets/"
              + dataset.fullName()
              + "/compare?task_id="
              + StatisticsTexts.encode(task)
              + "&a="
              + a.fullName()
              + "&b="
              + b.fullName()
              + "&group="
              + StatisticsTexts.encode(comparison.group().key())
              + "&filter=";
      for (Filter f : Filter.values()) {
        filters.add(
            new CompareView.Filter(
                f.label,
                (int) comparison.items().stream().filter(f.keeps).count(),
                base + f.id(),
                f == filter));
      }
    }
    List<Comparison.Item> matching = comparison.items().stream().filter(filter.keeps).toList();
    return new CompareView(
        chrome,
        comparison.task().benchmark().fullName(),
        comparison.task().taskId(),
        comparison.group().label(),
        side(comparison.a()),
        side(comparison.b()),
        comparison.test().map(ComparePages::test).orElse(null),
        comparison.notEstablished().orElse(null),
        filters,
        matching.stream()
            .limit(CAP)
            .map(
                item ->
                    new CompareView.Item(
                        item.id(), Numbers.format(item.a()), Numbers.format(item.b())))
            .toList(),
        matching.size(),
        CAP);
  }

  private static CompareView.Side side(LeaderboardEntry entry) {
    Optional<Uncertainty> uncertainty = entry.uncertainty();
    OptionalLong n =
        uncertainty
            .map(Uncertainty::n)
            .filter(OptionalLong::isPresent)
            .orElse(entry.provenance().numSamples());
    return new CompareView.Side(
        entry.model().id().fullName(),
        Numbers.format(entry.score().value()),
        uncertainty
            .flatMap(Uncertainty::ci)
            .map(
                ci ->
                    "["
                        + StatisticsTexts.significant(ci.lower(), 4)
                        + ", "
                        + StatisticsTexts.significant(ci.upper(), 4)
                        + "] ("
                        + ci.method()
                        + ")")
            .orElse(null),
        n.isPresent() ? Long.toString(n.getAsLong()) : null,
        uncertainty
            .flatMap(
                u ->
                    u.stderr()
                        .map(
                            s ->
                                StatisticsTexts.significant(s, 3)
                                    + u.source().map(src -> " (" + src.id() + ")").orElse("")))
            .orElse(null),
        entry.rank() > 0 ? Integer.toString(entry.rank()) : null,
        entry.statistics().map(s -> Integer.toString(s.tier())).orElse(null));
  }

  private static CompareView.Test test(Comparison.Test test) {
    return new CompareView.Test(
        TESTS.getOrDefault(test.method(), test.method()),
        StatisticsTexts.significant(test.difference(), 3),
        Math.round(test.level() * 100)
            + "% CI ["
            + StatisticsTexts.significant(test.lower(), 3)
            + ", "
            + StatisticsTexts.significant(test.upper(), 3)
            + "]",
        test.pValue() < 0.0001 ? "< 0.0001" : StatisticsTexts.significant(test.pValue(), 3),
        test.common(),
        test.aBetter(),
        test.bBetter(),
        !test.method().startsWith("unpaired"));
  }

  private static Filter filter(String text) {
    if (text == null || text.isBlank()) {
      return Filter.ALL;
    }
    for (Filter filter : Filter.values()) {
      if (filter.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return filter;
      }
    }
    throw HubException.invalid(
        "filter must be one of all, a_better, b_better, same; got \"" + text + "\"");
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      throw HubException.invalid(
          name
              + " is required: compare?task_id=TASK&a=NS/NAME&b=NS/NAME names a task and two models");
    }
    return value.strip();
  }

  private static RepoId model(String name, String value) {
    return RepoId.parsePath(value)
        .filter(id -> id.type() == RepoType.MODEL)
        .orElseThrow(
            () ->
                HubException.invalid(name + " must be a model id NS/NAME, got \"" + value + "\""));
  }
}
