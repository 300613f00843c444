package dev.evalhub.formats;

import dev.evalhub.formats.yaml.YamlLimits;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a hub accepts beyond the spec's defaults: the YAML limits and the evaluation framework ids
 * of {@code eval.yaml}. Immutable.
 */
public record FormatOptions(YamlLimits limits, Set<String> frameworks) {

  /**
   * The framework ids accepted by default: the Hugging Face list plus the common open frameworks.
   */
  public static final List<String> DEFAULT_FRAMEWORKS =
      List.of(
          "inspect-ai",
          "lighteval",
          "lm-evaluation-harness",
          "helm",
          "math-arena",
          "mteb",
          "olmocr-bench",
          "harbor",
          "ifstruct",
          "pier",
          "redline-bench",
          "archipelago",
          "benchflow",
          "apex-evals",
          "screenspot-pro",
          "swe-bench",
          "swe-bench-pro",
          "nemo-evaluator",
          "yc-bench",
          "open-asr-leaderboard",
          "mdpbench",
          "real5-omnidocbench",
          "parsebench",
          "video-mme-v2",
          "claw-eval",
          "researchclawbench",
          "pbench",
          "wildclawbench",
          "wbench",
          "nanofold",
          "mmmu",
          "extractbench",
          "exgentic");

  public static final FormatOptions DEFAULT =
      new FormatOptions(YamlLimits.DEFAULT, Set.copyOf(DEFAULT_FRAMEWORKS));

  public FormatOptions {
    frameworks = Set.copyOf(frameworks);
  }

  /** These options with {@code extra} framework ids accepted too (an operator's configuration). */
  public FormatOptions withExtraFrameworks(List<String> extra) {
    Set<String> all = new LinkedHashSet<>(frameworks);
    for (String id : extra) {
      String trimmed = id.strip();
      if (!trimmed.isEmpty()) {
        all.add(trimmed);
      }
    }
    return new FormatOptions(limits, all);
  }

  public FormatOptions withLimits(YamlLimits newLimits) {
    return new FormatOptions(newLimits, frameworks);
  }
}
