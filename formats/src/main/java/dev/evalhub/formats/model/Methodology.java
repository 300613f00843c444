package dev.evalhub.formats.model;

import dev.evalhub.formats.canonical.CanonicalJson;
import java.util.Map;

/**
 * How a result was produced, the "lock file" of a value: the {@code methodology} block of a result
 * entry as a plain JSON-like tree (strings, numbers, booleans, lists, maps). Known keys have been
 * validated and typed (string fields keep their exact text); other keys are kept as written. The
 * tree is what the verification token signs, through its canonical JSON. Immutable.
 */
public record Methodology(Map<String, Object> fields) {

  /** The scoring ids the spec defines for {@code methodology.scoring}. */
  public static final java.util.List<String> SCORINGS =
      java.util.List.of(
          "loglikelihood_letter",
          "loglikelihood_answer",
          "loglikelihood_answer_norm",
          "generate_letter",
          "generate_answer",
          "generate_cot",
          "model_judge",
          "other");

  public Methodology {
    fields = PlainValues.copyOf(fields);
  }

  public String framework() {
    return string("framework");
  }

  public String scoring() {
    return string("scoring");
  }

  public Long numFewshot() {
    return fields.get("num_fewshot") instanceof Number n ? n.longValue() : null;
  }

  /**
   * The SHA-256 (hex) of this block's canonical JSON (RFC 8785): what a verification token's claim
   * names.
   */
  public String sha256() {
    return CanonicalJson.sha256Hex(fields);
  }

  /** The string value of {@code key}, or null when absent. */
  public String string(String key) {
    return fields.get(key) instanceof String s ? s : null;
  }
}
