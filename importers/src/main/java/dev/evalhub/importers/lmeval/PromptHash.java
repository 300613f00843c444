package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.canonical.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code prompt_sha256} of an lm-eval task: the SHA-256 of the RFC 8785 canonical JSON of the
 * prompt-defining fields of {@code configs[task]} (and the run's system instruction), normalised so
 * that two runs of the same prompts hash alike whatever lm-eval version wrote them. The recipe is
 * documented in {@code docs/importing/lm-evaluation-harness.md}; change it only with the document.
 * Stateless.
 */
final class PromptHash {

  /** The template fields of a task config that shape the prompt text, in the recipe's order. */
  static final List<String> TEMPLATE_FIELDS =
      List.of(
          "description",
          "doc_to_text",
          "doc_to_choice",
          "doc_to_target",
          "target_delimiter",
          "fewshot_delimiter",
          "gen_prefix",
          "use_prompt",
          "doc_to_image",
          "doc_to_audio");

  /** What lm-eval assumes when a config leaves these out (older versions omit defaults). */
  private static final Map<String, String> DEFAULTS =
      Map.of("description", "", "target_delimiter", " ", "fewshot_delimiter", "\n\n");

  /** Python's repr of a function or object names its memory address, which changes every run. */
  private static final Pattern ADDRESS = Pattern.compile("\\s+at\\s+0x[0-9a-fA-F]+>");

  private PromptHash() {}

  /** The hash of task config {@code config} run with {@code systemInstruction} (null if none). */
  static String of(JsonNode config, String systemInstruction, String systemInstructionSha) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String name : TEMPLATE_FIELDS) {
      Object value = plain(config.get(name));
      if (value == null) {
        value = DEFAULTS.get(name);
      }
      if (value != null) {
        fields.put(name, value);
      }
    }
    putText(fields, "dataset_path", config.get("dataset_path"));
    putText(fields, "dataset_name", config.get("dataset_name"));
    JsonNode split = config.hasNonNull("test_split") ? config.get("test_split") : null;
    putText(fields, "split", split != null ? split : config.get("validation_split"));
    putText(fields, "fewshot_split", config.get("fewshot_split"));
    Object fewshot = fewshotConfig(config, fields);
    if (fewshot != null) {
      fields.put("fewshot_config", fewshot);
    }
    if (systemInstruction != null && !systemInstruction.isEmpty()) {
      fields.put("system_instruction", systemInstruction);
    } else if (systemInstructionSha != null && !systemInstructionSha.isEmpty()) {
      fields.put("system_instruction_sha", systemInstructionSha);
    }
    return CanonicalJson.sha256Hex(fields);
  }

  private static void putText(Map<String, Object> fields, String name, JsonNode node) {
    Object value = plain(node);
    if (value != null) {
      fields.put(name, value);
    }
  }

  /**
   * {@code fewshot_config} without what says nothing new: null members, members equal to the task's
   * own field of that name ({@code split} compared with {@code fewshot_split}), and {@code sampler:
   * default}; null when nothing is left.
   */
  private static Object fewshotConfig(JsonNode config, Map<String, Object> fields) {
    JsonNode node = config.get("fewshot_config");
    if (node == null || !node.isObject()) {
      return plain(node);
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    node.properties()
        .forEach(
            member -> {
              String name = member.getKey();
              Object value = plain(member.getValue());
              String same = "split".equals(name) ? "fewshot_split" : name;
              boolean redundant =
                  value == null
                      || Objects.equals(value, fields.get(same))
                      || ("sampler".equals(name) && "default".equals(value));
              if (!redundant) {
                kept.put(name, value);
              }
            });
    return kept.isEmpty() ? null : kept;
  }

  /** A JSON node as plain Java values, every string normalised; null for a missing or null node. */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return normalise(node.textValue());
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      double value = node.doubleValue();
      return Double.isFinite(value) ? (Object) value : node.asText();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(member -> map.put(member.getKey(), plain(member.getValue())));
      return map;
    }
    return node.asText();
  }

  /** Drops memory addresses from Python reprs, and formatting from Python source. */
  static String normalise(String text) {
    String stable = ADDRESS.matcher(text).replaceAll(">");
    return stable.stripLeading().startsWith("def ") ? PythonSource.withoutLayout(stable) : stable;
  }
}
