package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.TaskSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Leaderboards rules 4 and 5 on candidates alone: provenance first, claims, range flags. */
class RankingTest {

  private static final String GROUP = MethodologyGroup.NONE;
  private static final Optional<TaskSettings.Range> FRACTION =
      Optional.of(new TaskSettings.Range(0, 1));

  @Test
  void aVerifiedResultIsTheRowEvenWhenMainStatesMore() {
    Ranking.Board board =
        Ranking.rank(
            List.of(
                candidate("a/m", null, 0.9, false, 2, "x"),
                candidate("a/m", null, 0.6, true, 1, "y")),
            true,
            Optional.empty());

    assertThat(board.ranked())
        .singleElement()
        .satisfies(r -> assertThat(r.candidate().value()).isEqualTo(0.6));
  }

  @Test
  void withinOneProvenanceTheBestValueThenTheLaterDate() {
    Ranking.Board best =
        Ranking.rank(
            List.of(
                candidate("a/m", null, 0.5, false, 9, "x"),
                candidate("a/m", null, 0.7, false, 1, "y")),
            true,
            Optional.empty());
    Ranking.Board later =
        Ranking.rank(
            List.of(
                candidate("a/m", null, 0.5, false, 1, "x"),
                candidate("a/m", null, 0.5, false, 9, "y")),
            true,
            Optional.empty());

    assertThat(best.ranked().get(0).candidate().value()).isEqualTo(0.7);
    assertThat(later.ranked().get(0).candidate().entrySha256()).isEqualTo("y");
  }

  @Test
  void openPullRequestsBecomeClaimsOnlyWhenTheirValueDiffersOncePerValue() {
    Ranking.Board board =
        Ranking.rank(
            List.of(
                candidate("a/m", null, 0.5, false, 1, "main"),
                candidate("a/m", 3, 0.9, false, 2, "pr3a"),
                candidate("a/m", 3, 0.9, false, 2, "pr3b"),
                candidate("a/m", 4, 0.5, false, 2, "pr4"),
                candidate("a/m", 5, 0.7, false, 2, "pr5")),
            true,
            Optional.empty());

    Ranking.Ranked row = board.ranked().get(0);
    assertThat(row.candidate().onMain()).isTrue();
    assertThat(row.claims()).extracting(Candidate::prNumber).containsExactly(3, 5);
  }

  @Test
  void aPullRequestIsTheRowOnlyWhenNothingElseStandsAndThenClaimsNothingOfItself() {
    Ranking.Board board =
        Ranking.rank(List.of(candidate("a/m", 3, 0.9, false, 2, "pr")), true, Optional.empty());

    assertThat(board.ranked()).singleElement().satisfies(r -> assertThat(r.claims()).isEmpty());
  }

  @Test
  void valuesOutsideTheRangeAreFlaggedWithAUnitHintEitherWay() {
    Ranking.Board fraction =
        Ranking.rank(
            List.of(
                candidate("a/m", null, 63.6, false, 1, "x"),
                candidate("b/m", null, 0.5, false, 1, "y"),
                candidate("c/m", null, 1.0, false, 1, "z"),
                candidate("d/m", null, 250, false, 1, "w")),
            true,
            FRACTION);
    Ranking.Board percent =
        Ranking.rank(
            List.of(candidate("a/m", null, 0.5, false, 1, "x")),
            true,
            Optional.of(new TaskSettings.Range(1, 100)));

    assertThat(fraction.ranked())
        .extracting(r -> r.rank() + " " + r.candidate().modelId())
        .containsExactly("1 c/m", "2 b/m");
    assertThat(fraction.flagged())
        .extracting(
            f ->
                f.candidate().modelId()
                    + ": "
                    + f.reason()
                    + f.hint().map(h -> "; " + h).orElse(""))
        .containsExactly(
            "a/m: outside the task's range [0, 1]; looks like a percentage on a [0, 1] task",
            "d/m: outside the task's range [0, 1]");
    assertThat(percent.flagged())
        .extracting(f -> f.reason() + "; " + f.hint().orElseThrow())
        .containsExactly(
            "outside the task's range [1, 100]; looks like a fraction on a [1, 100] task");
  }

  private static Candidate candidate(
      String model, Integer pr, double value, boolean verified, long time, String sha) {
    return new Candidate(
        model,
        model.substring(0, model.indexOf('/')),
        false,
        pr,
        ".eval_results/r.yaml",
        0,
        value,
        null,
        verified,
        null,
        null,
        null,
        null,
        null,
        time,
        GROUP,
        sha,
        "{}",
        "bob",
        null,
        null,
        null,
        null);
  }
}
