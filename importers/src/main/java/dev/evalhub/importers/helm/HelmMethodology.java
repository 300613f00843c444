package dev.evalhub.importers.helm;

import static dev.evalhub.importers.internal.NodeValues.integer;
import static dev.evalhub.importers.internal.NodeValues.nonBlank;
import static dev.evalhub.importers.internal.NodeValues.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.formats.model.Methodology;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The methodology of a HELM run, from its {@code adapter_spec}. */
final class HelmMethodology {

  /**
   * The adapter fields that make up the prompt, in the order the prompt hash names them: every one
   * the adapter states goes into the hash.
   */
  static final List<String> PROMPT_FIELDS =
      List.of(
          "global_prefix",
          "global_suffix",
          "instructions",
          "input_prefix",
          "input_suffix",
          "reference_prefix",
          "reference_suffix",
          "chain_of_thought_prefix",
          "chain_of_thought_suffix",
          "output_prefix",
          "output_suffix",
          "instance_prefix",
          "substitutions");

  private HelmMethodology() {}

  static Methodology of(JsonNode adapter) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("framework", HelmReader.FRAMEWORK);
    Long shots = integer(adapter.path("max_train_instances"));
    if (shots != null && shots >= 0) {
      fields.put("num_fewshot", shots);
    }
    String method = nonBlank(adapter.path("method"));
    if (method != null) {
      fields.put("scoring", scoring(method));
    }
    fields.put("prompt_sha256", promptSha256(adapter));
    Map<String, Object> generation = new LinkedHashMap<>();
    put(generation, "temperature", plain(adapter.path("temperature")));
    put(generation, "max_tokens", integer(adapter.path("max_tokens")));
    put(generation, "stop", plain(adapter.path("stop_sequences")));
    put(generation, "num_outputs", integer(adapter.path("num_outputs")));
    if (!generation.isEmpty()) {
      fields.put("generation", generation);
    }
    put(fields, "model_deployment", nonBlank(adapter.path("model_deployment")));
    put(fields, "num_train_trials", integer(adapter.path("num_train_trials")));
    put(fields, "max_eval_instances", integer(adapter.path("max_eval_instances")));
    return new Methodology(fields);
  }

  /** {@code adapter_spec.method} → scoring (the table of docs/importing/helm.md). */
  static String scoring(String method) {
    return switch (method) {
      case "multiple_choice_joint", "multiple_choice_joint_multimodal" -> "generate_letter";
      case "multiple_choice_joint_chain_of_thought" -> "generate_cot";
      case "multiple_choice_separate_original" -> "loglikelihood_answer";
      case "generation", "generation_multimodal", "chat" -> "generate_answer";
      default -> "other";
    };
  }

  /**
   * SHA-256 of the canonical JSON (RFC 8785) of the {@link #PROMPT_FIELDS} the adapter states
   * (strings as written, {@code substitutions} as a list).
   */
  static String promptSha256(JsonNode adapter) {
    Map<String, Object> prompt = new LinkedHashMap<>();
    for (String field : PROMPT_FIELDS) {
      JsonNode value = adapter.path(field);
      if (value.isTextual() || value.isArray()) {
        prompt.put(field, plain(value));
      }
    }
    return CanonicalJson.sha256Hex(prompt);
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null && !(value instanceof Collection<?> c && c.isEmpty())) {
      map.put(key, value);
    }
  }
}
