package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lineage walk of inherited flags: every generation, each model once, cycles and bounds. */
class DescendantsTest {

  @Test
  void everyGenerationBelowAModelNearestFirst() {
    Descendants lineage =
        new Descendants(
            Map.of(
                "b/child", List.of("a/root"),
                "c/grandchild", List.of("b/child"),
                "d/great", List.of("c/grandchild", "a/root"),
                "e/unrelated", List.of("x/other")));

    assertThat(lineage.of("a/root")).containsExactly("b/child", "d/great", "c/grandchild");
    assertThat(lineage.of("c/grandchild")).containsExactly("d/great");
    assertThat(lineage.of("d/great")).isEmpty();
  }

  @Test
  void aCycleEndsAndNeverReturnsTheRoot() {
    Descendants lineage =
        new Descendants(
            Map.of("a/m", List.of("c/m"), "b/m", List.of("a/m"), "c/m", List.of("b/m")));

    assertThat(lineage.of("a/m")).containsExactly("b/m", "c/m");
  }

  @Test
  void aChainLongerThanTheBoundStopsAtTheBound() {
    Map<String, List<String>> parents = new HashMap<>();
    for (int i = 1; i <= Descendants.MAX_GENERATIONS + 10; i++) {
      parents.put("m/" + i, List.of("m/" + (i - 1)));
    }

    assertThat(new Descendants(parents).of("m/0")).hasSize(Descendants.MAX_GENERATIONS);
  }
}
