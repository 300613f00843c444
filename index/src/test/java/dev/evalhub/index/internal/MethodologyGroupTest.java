package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.leaderboard.MethodologyGroup.Role;
import dev.evalhub.formats.model.Methodology;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group keys and their labels against a task's reference (hub-api.md, Leaderboards rule 3). */
class MethodologyGroupTest {

  private static final Methodology REFERENCE =
      new Methodology(Map.of("scoring", "loglikelihood_letter", "num_fewshot", 5L));

  @Test
  void theKeyCarriesTaskVersionAndNoBlockIsItsOwnGroup() {
    assertThat(MethodologyGroup.keyOf(new Methodology(Map.of("task_version", "2"))))
        .endsWith(";task_version=2");
    assertThat(MethodologyGroup.keyOf(null)).isEqualTo(MethodologyGroup.NONE);
    assertThat(MethodologyGroup.keyOf(new Methodology(Map.of())))
        .isNotEqualTo(MethodologyGroup.NONE);
  }

  @Test
  void aGroupIsLabelledByWhatDiffersFromTheReference() {
    var group =
        MethodologyGroup.decode(
            MethodologyGroup.keyOf(
                new Methodology(
                    Map.of(
                        "framework", "lm-evaluation-harness",
                        "scoring", "loglikelihood_answer",
                        "num_fewshot", 5L,
                        "chat_template", "none"))),
            REFERENCE);

    assertThat(group.role()).isEqualTo(Role.STATED);
    assertThat(group.label())
        .isEqualTo("lm-evaluation-harness, full-answer log-likelihood, no chat template");
  }

  @Test
  void aKeyTheReferenceDeclaresButTheResultLeavesOutIsNamed() {
    var group =
        MethodologyGroup.decode(
            MethodologyGroup.keyOf(new Methodology(Map.of("scoring", "loglikelihood_letter"))),
            REFERENCE);

    assertThat(group.role()).isEqualTo(Role.STATED);
    assertThat(group.label()).isEqualTo("num_fewshot unspecified");
  }

  @Test
  void theMatchingGroupIsTheReferenceWhateverItAddsAndWithoutReferenceKeysAreTheLabel() {
    String key =
        MethodologyGroup.keyOf(
            new Methodology(
                Map.of("framework", "helm", "scoring", "loglikelihood_letter", "num_fewshot", 5L)));

    assertThat(MethodologyGroup.decode(key, REFERENCE).role()).isEqualTo(Role.REFERENCE);
    assertThat(MethodologyGroup.decode(key, REFERENCE).label())
        .isEqualTo("reference: helm, letter log-likelihood, 5-shot");
    assertThat(MethodologyGroup.decode(key).label())
        .isEqualTo("helm, letter log-likelihood, 5-shot");
    assertThat(MethodologyGroup.decode(MethodologyGroup.keyOf(new Methodology(Map.of()))).label())
        .isEqualTo("methodology unspecified");
    assertThat(MethodologyGroup.decode(MethodologyGroup.NONE, REFERENCE).role())
        .isEqualTo(Role.NONE);
  }
}
