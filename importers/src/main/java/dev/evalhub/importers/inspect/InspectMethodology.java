package dev.evalhub.importers.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.JsonDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The methodology an Inspect log records, read from {@code eval} (versions, task arguments,
 * configuration, model) and {@code plan} (solver steps, generate config), and per score from its
 * scorer. Only what the log says; see docs/importing/inspect-ai.md for the mapping and the
 * prompt_sha256 recipe.
 */
final class InspectMethodology {

  /** Where a warning about a methodology value goes. */
  interface Warnings {
    void warn(String pointer, String message);
  }

  /** The task_args keys that hold a few-shot count, in the order they are looked for. */
  static final List<String> FEWSHOT_KEYS = List.of("num_fewshot", "fewshot", "few_shot");

  /** Generate-config settings that change how a run is executed, not what the model is asked. */
  static final Set<String> OPERATIONAL =
      Set.of(
          "max_retries",
          "timeout",
          "attempt_timeout",
          "max_connections",
          "batch",
          "cache_prompt",
          "extra_headers",
          "system_message");

  /** Generate-config names that become the spec's normalised names. */
  static final Map<String, String> NORMALISED = Map.of("stop_seqs", "stop");

  /** The order of the keys in a methodology block. */
  static final List<String> ORDER =
      List.of(
          "framework",
          "framework_version",
          "task_version",
          "num_fewshot",
          "scoring",
          "prompt_sha256",
          "generation",
          "inference_engine",
          "seed",
          "epochs",
          "epoch_reducer",
          "limit",
          "task_commit",
          "inspect_evals_version",
          "judge");

  private final Warnings warnings;
  private final Map<String, Object> common = new LinkedHashMap<>();
  private final String planScoring;

  InspectMethodology(JsonNode root, Warnings warnings) {
    this.warnings = warnings;
    JsonNode eval = root.path("eval");
    JsonNode plan = root.path("plan");
    common.put("framework", InspectLog.FRAMEWORK);
    putText("framework_version", eval.path("packages").path("inspect_ai"));
    JsonNode taskVersion = eval.path("task_version");
    if (taskVersion.isTextual() || taskVersion.isNumber()) {
      common.put("task_version", taskVersion.asText());
    }
    Long fewshot = fewshot(eval.path("task_args"));
    if (fewshot != null) {
      common.put("num_fewshot", fewshot);
    }
    planScoring = planScoring(plan);
    String prompt = promptSha256(plan, eval);
    if (prompt != null) {
      common.put("prompt_sha256", prompt);
    }
    Map<String, Object> generation = generation(eval, plan);
    if (!generation.isEmpty()) {
      common.put("generation", generation);
    }
    String modelName = InspectLog.text(eval.path("model"));
    if (modelName != null && modelName.indexOf('/') > 0) {
      common.put("inference_engine", modelName.substring(0, modelName.indexOf('/')));
    }
    if (generation.get("seed") instanceof Long seed) {
      common.put("seed", seed);
    }
    JsonNode config = eval.path("config");
    if (config.path("epochs").isIntegralNumber()) {
      common.put("epochs", config.path("epochs").asLong());
    }
    Object reducer = plain(config.path("epochs_reducer"));
    if (reducer != null) {
      common.put("epoch_reducer", reducer);
    }
    Object limit = plain(config.path("limit"));
    if (limit != null) {
      common.put("limit", limit);
    }
    putText("task_commit", eval.path("revision").path("commit"));
    putText("inspect_evals_version", eval.path("packages").path("inspect_evals"));
  }

  /** The methodology of one score: the common keys, its scoring and, for a judge, the grader. */
  Methodology forScore(JsonNode score, JsonNode eval) {
    String judge = grader(score.path("params"), eval);
    String scorer = unqualified(InspectLog.text(score.path("scorer")));
    if (scorer == null) {
      scorer = unqualified(InspectLog.text(score.path("name")));
    }
    if (judge == null) {
      for (JsonNode declared : eval.path("scorers")) {
        if (scorer != null && scorer.equals(unqualified(InspectLog.text(declared.path("name"))))) {
          judge = grader(declared.path("options"), eval);
        }
      }
    }
    boolean modelGraded = judge != null || (scorer != null && scorer.startsWith("model_graded_"));
    Map<String, Object> fields = new LinkedHashMap<>(common);
    fields.put("scoring", modelGraded ? "model_judge" : planScoring);
    if (judge != null) {
      fields.put("judge", judge);
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String key : ORDER) {
      if (fields.containsKey(key)) {
        ordered.put(key, fields.get(key));
      }
    }
    return new Methodology(ordered);
  }

  /** {@code generate_cot}, {@code generate_letter} or {@code generate_answer}, from the solvers. */
  private static String planScoring(JsonNode plan) {
    boolean letter = false;
    for (JsonNode step : steps(plan)) {
      String solver = unqualified(InspectLog.text(step.path("solver")));
      if ("chain_of_thought".equals(solver) || step.path("params").path("cot").asBoolean(false)) {
        return "generate_cot";
      }
      if ("multiple_choice".equals(solver)) {
        letter = true;
      }
    }
    return letter ? "generate_letter" : "generate_answer";
  }

  /**
   * The SHA-256 (hex) of the canonical JSON (RFC 8785) of the prompt recipe: one object per plan
   * step (then {@code plan.finish}) with the unqualified solver name and its prompt parameters
   * ({@code template}, {@code prompt}, {@code cot}, and any ending in {@code _template} or {@code
   * _prompt}), then the generate config's {@code system_message} when set. Null without a plan.
   */
  static String promptSha256(JsonNode plan, JsonNode eval) {
    if (!plan.path("steps").isArray()) {
      return null;
    }
    List<Object> recipe = new ArrayList<>();
    for (JsonNode step : steps(plan)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("solver", unqualified(InspectLog.text(step.path("solver"))));
      for (Map.Entry<String, JsonNode> param : InspectLog.iterable(step.path("params"))) {
        String key = param.getKey();
        if (key.equals("template")
            || key.equals("prompt")
            || key.equals("cot")
            || key.endsWith("_template")
            || key.endsWith("_prompt")) {
          Object value = plain(param.getValue());
          if (value != null) {
            item.put(key, value);
          }
        }
      }
      recipe.add(item);
    }
    String system = InspectLog.text(plan.path("config").path("system_message"));
    if (system == null) {
      system = InspectLog.text(eval.path("model_generate_config").path("system_message"));
    }
    if (system != null) {
      recipe.add(Map.of("system_message", system));
    }
    return CanonicalJson.sha256Hex(recipe);
  }

  private static List<JsonNode> steps(JsonNode plan) {
    List<JsonNode> steps = new ArrayList<>();
    plan.path("steps").forEach(steps::add);
    if (plan.path("finish").isObject()) {
      steps.add(plan.path("finish"));
    }
    return steps;
  }

  /** eval.model_generate_config, then plan.config over it; operational settings left out. */
  private Map<String, Object> generation(JsonNode eval, JsonNode plan) {
    Map<String, Object> merged = new LinkedHashMap<>();
    mergeConfig(merged, eval.path("model_generate_config"), "/eval/model_generate_config");
    mergeConfig(merged, plan.path("config"), "/plan/config");
    return merged;
  }

  private void mergeConfig(Map<String, Object> merged, JsonNode config, String at) {
    for (Map.Entry<String, JsonNode> entry : InspectLog.iterable(config)) {
      String key = entry.getKey();
      if (OPERATIONAL.contains(key) || entry.getValue().isNull()) {
        continue;
      }
      if (!finiteTree(entry.getValue())) {
        warnings.warn(
            JsonDoc.pointer(at, key), key + " holds a number that is not finite; left out");
        continue;
      }
      merged.put(NORMALISED.getOrDefault(key, key), plain(entry.getValue()));
    }
  }

  private Long fewshot(JsonNode taskArgs) {
    for (String key : FEWSHOT_KEYS) {
      JsonNode value = taskArgs.path(key);
      if (value.isMissingNode() || value.isNull()) {
        continue;
      }
      if (value.isIntegralNumber() && value.asLong() >= 0) {
        return value.asLong();
      }
      warnings.warn(
          JsonDoc.pointer("/eval/task_args", key),
          "task_args."
              + key
              + " is "
              + value
              + ", not a count of few-shot examples; num_fewshot left out");
      return null;
    }
    return null;
  }

  /** The grader model a scorer's params name ({@code grader_model}, {@code model} or a role). */
  private static String grader(JsonNode params, JsonNode eval) {
    for (String key : List.of("grader_model", "judge_model", "model")) {
      String model = modelName(params.path(key));
      if (model != null) {
        return model;
      }
    }
    String role = InspectLog.text(params.path("model_role"));
    if (role != null) {
      return modelName(eval.path("model_roles").path(role));
    }
    return null;
  }

  private static String modelName(JsonNode node) {
    if (node.isTextual() && !node.asText().isBlank()) {
      return node.asText();
    }
    if (node.isObject() && node.path("model").isTextual()) {
      return node.path("model").asText();
    }
    return null;
  }

  /** What follows the last {@code /} of a registry name ({@code inspect_ai/generate}). */
  static String unqualified(String name) {
    return name == null ? null : name.substring(name.lastIndexOf('/') + 1);
  }

  private void putText(String key, JsonNode node) {
    String text = InspectLog.text(node);
    if (text != null && !text.isBlank()) {
      common.put(key, text);
    }
  }

  private static boolean finiteTree(JsonNode node) {
    if (node.isNumber()) {
      return !(node.isFloatingPointNumber() && !Double.isFinite(node.asDouble()));
    }
    for (JsonNode child : node) {
      if (!finiteTree(child)) {
        return false;
      }
    }
    return true;
  }

  /** A JSON value as plain Java (Long, Double, String, Boolean, List, Map); null for null/none. */
  static Object plain(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.asLong() : node.asText();
    }
    if (node.isNumber()) {
      double value = node.asDouble();
      return Double.isFinite(value) ? value : null;
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode item : node) {
        Object value = plain(item);
        if (value != null) {
          list.add(value);
        }
      }
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : InspectLog.iterable(node)) {
      Object value = plain(entry.getValue());
      if (value != null) {
        map.put(entry.getKey(), value);
      }
    }
    return map;
  }
}
