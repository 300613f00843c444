package dev.evalhub.index.internal;

import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.statistics.PairTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two rows of one methodology group compared (issue 13): the strongest test their data allows (as
 * {@link GroupRanking#test}, without the group's multiple-comparison correction: this is one
 * comparison a reader asked for) and, when both have per-sample details, their common items.
 * Stateless.
 */
public final class Comparisons {

  private Comparisons() {}

  public static Comparison compare(
      TaskRef task,
      MethodologyGroup group,
      GroupRanking.Row a,
      GroupRanking.Row b,
      PairedSamples paired) {
    Optional<PairTest> test = GroupRanking.test(a, b, paired);
    List<Comparison.Item> items = new ArrayList<>();
    paired
        .common(a.candidate(), b.candidate())
        .ifPresent(
            common -> {
              for (int i = 0; i < common.ids().size(); i++) {
                items.add(new Comparison.Item(common.ids().get(i), common.a()[i], common.b()[i]));
              }
            });
    Optional<String> notEstablished =
        test.isPresent() ? Optional.empty() : Optional.of(whyNot(a, b, items.size()));
    return new Comparison(
        task,
        group,
        a.entry(),
        b.entry(),
        test.map(
            t ->
                new Comparison.Test(
                    t.method().id(),
                    t.difference(),
                    t.lower(),
                    t.upper(),
                    PairTest.LEVEL,
                    t.pValue(),
                    t.common(),
                    t.aBetter(),
                    t.bBetter())),
        notEstablished,
        items);
  }

  private static String whyNot(GroupRanking.Row a, GroupRanking.Row b, int common) {
    List<String> missing = new ArrayList<>();
    for (GroupRanking.Row row : List.of(a, b)) {
      if (row.entry().uncertainty().flatMap(u -> u.stderr()).isEmpty()) {
        missing.add(row.entry().model().id().fullName());
      }
    }
    if (!missing.isEmpty()) {
      return "not established: no standard error or per-sample details for "
          + String.join(" and ", missing);
    }
    return "not established: the per-sample details share "
        + common
        + " items and no standard error separates the values";
  }
}
