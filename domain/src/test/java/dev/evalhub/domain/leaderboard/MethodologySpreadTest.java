package dev.evalhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.PrNumber;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which methodology keys a spread lists once and which it highlights, and each result's provenance.
 */
class MethodologySpreadTest {

  private static MethodologySpread.Measurement measurement(
      double value, Map<String, Object> methodology) {
    return measurement(value, methodology, Optional.empty(), false);
  }

  private static MethodologySpread.Measurement measurement(
      double value, Map<String, Object> methodology, Optional<PrNumber> pr, boolean verified) {
    Map<String, String> group = new LinkedHashMap<>();
    group.put("framework", String.valueOf(methodology.getOrDefault("framework", "unspecified")));
    return new MethodologySpread.Measurement(
        value,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new ResultLocation(".eval_results/r.yaml", pr),
        new Verdict(verified, Optional.empty()),
        new MethodologyGroup(group),
        methodology);
  }

  @Test
  void theMmlu2023ImplementationsShareOnlyTheirShotCount() {
    // reference/leaderboards-and-statistics.md §1.3: all 5-shot; scoring, framework, prompt differ.
    MethodologySpread spread =
        MethodologySpread.of(
            "cais/mmlu",
            "mmlu",
            List.of(
                measurement(
                    0.637,
                    Map.of("framework", "helm", "num_fewshot", 5, "scoring", "generate_letter")),
                measurement(
                    0.488,
                    Map.of(
                        "framework",
                        "lm-evaluation-harness",
                        "num_fewshot",
                        5,
                        "scoring",
                        "loglikelihood_answer")),
                measurement(
                    0.636,
                    Map.of(
                        "framework",
                        "hendrycks-test",
                        "num_fewshot",
                        5,
                        "scoring",
                        "loglikelihood_letter"))));

    assertThat(spread.common()).containsExactly(Map.entry("num_fewshot", 5));
    assertThat(spread.differing()).containsExactlyInAnyOrder("framework", "scoring");
    assertThat(spread.groupCount()).isEqualTo(3);
  }

  @Test
  void aKeyOnlySomeResultsStateDiffersAndNestedValuesCompareByContent() {
    Map<String, Object> generation = Map.of("temperature", 0, "stop", List.of("\n"));
    MethodologySpread spread =
        MethodologySpread.of(
            "d/b",
            "t",
            List.of(
                measurement(1, Map.of("generation", generation, "seed", 1)),
                measurement(
                    2, Map.of("generation", Map.of("stop", List.of("\n"), "temperature", 0)))));

    assertThat(spread.common()).containsOnlyKeys("generation");
    assertThat(spread.differing()).containsExactly("seed");
    assertThat(spread.groupCount()).isEqualTo(1);
  }

  @Test
  void oneResultHasEveryKeyInCommonAndNoMethodologyHasNone() {
    assertThat(MethodologySpread.of("d/b", "t", List.of(measurement(1, Map.of("seed", 1)))))
        .satisfies(
            s -> {
              assertThat(s.common()).containsExactly(Map.entry("seed", 1));
              assertThat(s.differing()).isEmpty();
            });
    assertThat(
            MethodologySpread.of(
                "d/b", "t", List.of(measurement(1, Map.of()), measurement(2, Map.of()))))
        .satisfies(
            s -> {
              assertThat(s.common()).isEmpty();
              assertThat(s.differing()).isEmpty();
            });
    assertThatThrownBy(() -> MethodologySpread.of("d/b", "t", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void provenanceIsVerifiedThenMainThenPullRequest() {
    assertThat(measurement(1, Map.of()).provenance()).isEqualTo(MethodologySpread.Provenance.MAIN);
    assertThat(measurement(1, Map.of(), Optional.of(new PrNumber(3)), false).provenance())
        .isEqualTo(MethodologySpread.Provenance.PULL_REQUEST);
    assertThat(measurement(1, Map.of(), Optional.of(new PrNumber(3)), true).provenance())
        .isEqualTo(MethodologySpread.Provenance.VERIFIED);
    assertThat(measurement(1, Map.of(), Optional.empty(), true).provenance().id())
        .isEqualTo("verified");
  }
}
