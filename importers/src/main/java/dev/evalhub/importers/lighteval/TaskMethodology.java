package dev.evalhub.importers.lighteval;

import static dev.evalhub.importers.internal.NodeValues.integer;
import static dev.evalhub.importers.internal.NodeValues.nonBlank;
import static dev.evalhub.importers.internal.NodeValues.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.internal.NodeValues;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The methodology of one lighteval task's results, from {@code config_general}, {@code versions},
 * {@code config_tasks[t]} and the details' facts. Keys the log does not state are left out.
 */
final class TaskMethodology {

  private final ResultsFile.RunConfig run;
  private final String key;
  private final JsonNode config;
  private final Long fewshot;
  private final DetailsParquet.Facts facts;

  TaskMethodology(
      ResultsFile.RunConfig run,
      String key,
      JsonNode config,
      Long fewshot,
      DetailsParquet.Facts facts) {
    this.run = run;
    this.key = key;
    this.config = config;
    this.fewshot = fewshot;
    this.facts = facts;
  }

  Methodology build(String scoring, Scoring.Kind kind) {
    JsonNode general = run.general();
    JsonNode model = general.path("model_config");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("framework", LightevalReader.FRAMEWORK);
    String sha = nonBlank(general.path("lighteval_sha"));
    if (sha != null && !sha.equals("?")) {
      fields.put("framework_version", sha);
    }
    putIfPresent(fields, "task_version", taskVersion());
    if (fewshot != null && fewshot >= 0) {
      fields.put("num_fewshot", fewshot);
    }
    putIfPresent(fields, "scoring", scoring);
    putIfPresent(fields, "prompt_sha256", promptSha256(model));
    putIfPresent(fields, "chat_template", chatTemplate(model));
    Map<String, Object> generation = generation(model, kind);
    if (!generation.isEmpty()) {
      fields.put("generation", generation);
    }
    String revision = nonBlank(model.path("revision"));
    putIfPresent(
        fields,
        "model_revision",
        revision != null ? revision : nonBlank(general.path("model_sha")));
    String dtype = nonBlank(model.path("dtype"));
    putIfPresent(
        fields,
        "precision",
        precision(dtype != null ? dtype : nonBlank(general.path("model_dtype"))));
    String provider = nonBlank(model.path("provider"));
    putIfPresent(
        fields, "inference_engine", provider != null ? provider : nonBlank(model.path("backend")));
    putIfPresent(fields, "seed", integer(model.path("generation_parameters").path("seed")));
    putIfPresent(fields, "max_samples", integer(general.path("max_samples")));
    putIfPresent(fields, "hf_repo", nonBlank(config.path("hf_repo")));
    putIfPresent(fields, "hf_subset", nonBlank(config.path("hf_subset")));
    return new Methodology(fields);
  }

  /** {@code versions[t]}, else {@code config_tasks[t].version}, as text ("1.0" stays "1.0"). */
  private String taskVersion() {
    JsonNode version = run.versions().path(key);
    if (!version.isValueNode() || version.isNull()) {
      version = config.path("version");
    }
    return version.isTextual() || NodeValues.isFinite(version) ? version.asText() : null;
  }

  /**
   * SHA-256 of the canonical JSON (RFC 8785) of {@code {prompt_function, hf_repo, hf_subset,
   * system_prompt}} (the keys the log states): lighteval's prompt template is code named by {@code
   * prompt_function}, applied to the dataset rows of {@code hf_repo}/{@code hf_subset}, after the
   * model's system prompt. Left out when the log names no prompt function.
   */
  private String promptSha256(JsonNode model) {
    String function = nonBlank(config.path("prompt_function"));
    if (function == null) {
      return null;
    }
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("prompt_function", function);
    putIfPresent(recipe, "hf_repo", nonBlank(config.path("hf_repo")));
    putIfPresent(recipe, "hf_subset", nonBlank(config.path("hf_subset")));
    putIfPresent(recipe, "system_prompt", nonBlank(model.path("system_prompt")));
    return CanonicalJson.sha256Hex(recipe);
  }

  /**
   * {@code override_chat_template} true/false → applied/none; otherwise "applied" when the details'
   * {@code model_response.input} holds chat messages; otherwise not stated.
   */
  private String chatTemplate(JsonNode model) {
    JsonNode override = model.path("override_chat_template");
    if (override.isBoolean()) {
      return override.asBoolean() ? "applied" : "none";
    }
    return Boolean.TRUE.equals(facts.chatInput()) ? "applied" : null;
  }

  /**
   * {@code model_config.generation_parameters} (null values left out; {@code max_new_tokens} →
   * max_tokens, {@code stop_tokens} → stop, other names kept), then for generated answers the
   * task's {@code stop_sequence} (→ stop) and {@code generation_size} (→ max_tokens) where the
   * model configuration sets none (lighteval lets the model's parameters win).
   */
  private Map<String, Object> generation(JsonNode model, Scoring.Kind kind) {
    Map<String, Object> generation = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> parameter : model.path("generation_parameters").properties()) {
      Object value = plain(parameter.getValue());
      if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
        continue;
      }
      String name =
          switch (parameter.getKey()) {
            case "max_new_tokens" -> "max_tokens";
            case "stop_tokens" -> "stop";
            default -> parameter.getKey();
          };
      generation.put(name, value);
    }
    if (kind == Scoring.Kind.GENERATIVE || kind == Scoring.Kind.JUDGE) {
      Object stop = plain(config.path("stop_sequence"));
      if (stop instanceof Collection<?> c && !c.isEmpty()) {
        generation.putIfAbsent("stop", stop);
      }
      Long size = integer(config.path("generation_size"));
      if (size != null && size > 0) {
        generation.putIfAbsent("max_tokens", size);
      }
    }
    return generation;
  }

  /** "torch.bfloat16" → "bfloat16"; "auto" (no precision chosen) → not stated. */
  private static String precision(String dtype) {
    if (dtype == null) {
      return null;
    }
    String name = dtype.startsWith("torch.") ? dtype.substring("torch.".length()) : dtype;
    return name.equals("auto") ? null : name;
  }

  private static void putIfPresent(Map<String, Object> fields, String key, Object value) {
    if (value != null) {
      fields.put(key, value);
    }
  }
}
