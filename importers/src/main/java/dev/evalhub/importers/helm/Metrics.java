package dev.evalhub.importers.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Which HELM stats become results, and how a stat's name is matched. */
final class Metrics {

  /**
   * HELM's accuracy metrics in headline order: the first one a run has is its headline (the one a
   * benchmark maps first); every one it has becomes a result.
   */
  static final List<String> HEADLINE_ORDER =
      List.of(
          "exact_match",
          "quasi_exact_match",
          "prefix_exact_match",
          "quasi_prefix_exact_match",
          "exact_match_indicator",
          "final_number_exact_match",
          "math_equiv",
          "math_equiv_chain_of_thought",
          "f1_score",
          "rouge_l",
          "bleu_4");

  private Metrics() {}

  /**
   * {@link #HEADLINE_ORDER}, then the names the run's {@code metric_specs[].args.names} list that
   * are not in it (in their order).
   */
  static List<String> exposed(JsonNode metricSpecs) {
    List<String> names = new ArrayList<>(HEADLINE_ORDER);
    for (JsonNode spec : metricSpecs) {
      for (JsonNode name : spec.path("args").path("names")) {
        if (name.isTextual() && !name.asText().isBlank() && !names.contains(name.asText())) {
          names.add(name.asText());
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * Whether a stat's {@code name} object names {@code metric} on {@code split} without a
   * perturbation or a sub-split.
   */
  static boolean isPlain(JsonNode name, String metric, String split) {
    return metric.equals(name.path("name").asText(null))
        && split.equals(name.path("split").asText(null))
        && absent(name.path("perturbation"))
        && absent(name.path("sub_split"));
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }
}
