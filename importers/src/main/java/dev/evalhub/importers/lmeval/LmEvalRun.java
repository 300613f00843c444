package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a results file says about the whole run (the same for every task): the run's methodology
 * keys (framework version, chat template, model revision, precision, inference engine, seed, limit,
 * few-shot as multi-turn), the run-level generation overrides, the system instruction, the model
 * and the date. Immutable.
 *
 * @param methodology the run-level methodology keys, in the order they are shown
 * @param genKwargs {@code config.gen_kwargs} with lm-eval's own names (empty when none)
 */
record LmEvalRun(
    Map<String, Object> methodology,
    Map<String, Object> genKwargs,
    String systemInstruction,
    String systemInstructionSha,
    String model,
    String date) {

  /** The versions this reader knows: 0.3 (legacy shape) and 0.4.x. */
  private static final Pattern KNOWN_VERSION = Pattern.compile("0\\.[34](\\..*)?");

  /** 9999-12-31T23:59:59Z + 1 s, in epoch seconds. */
  private static final double LAST_SECOND = 253402300800d;

  /** lm-eval's {@code date_id}: {@code datetime.now().isoformat()} with {@code :} as {@code -}. */
  static final Pattern DATE_ID =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})(\\.\\d+)?");

  static LmEvalRun read(Checked json) {
    Map<String, Object> methodology = new LinkedHashMap<>();
    methodology.put("framework", LmEvalReader.FRAMEWORK);
    String version = json.text("/lm_eval_version");
    if (version != null && !KNOWN_VERSION.matcher(version).matches()) {
      json.warning(
          "/lm_eval_version",
          "lm_eval_version "
              + version
              + " is not a version this reader knows (0.3, 0.4.x); reading what it can");
    }
    String gitHash = json.text("/git_hash");
    putText(methodology, "framework_version", version != null ? version : gitHash);

    Map<String, Object> modelArgs = KeyValueArgs.of(modelArgs(json));
    String chatTemplateSha = json.text("/chat_template_sha");
    String chatTemplate = json.text("/chat_template");
    if (chatTemplateSha != null && !chatTemplateSha.isEmpty()) {
      methodology.put("chat_template", chatTemplateSha);
    } else if (chatTemplate != null) {
      methodology.put("chat_template", Sha256.hex(chatTemplate));
    } else if (json.doc().root().has("chat_template")) {
      methodology.put("chat_template", "none");
    }
    String modelSha = json.text("/config/model_sha");
    putText(
        methodology,
        "model_revision",
        modelSha != null && !modelSha.isEmpty() ? modelSha : text(modelArgs.get("revision")));
    String dtype = text(modelArgs.get("dtype"));
    if (dtype == null || dtype.equals("auto")) {
      String recorded = json.text("/config/model_dtype");
      dtype = recorded != null ? recorded : dtype;
    }
    putText(methodology, "precision", dtype == null ? null : dtype.replaceFirst("^torch\\.", ""));
    String engine = json.text("/config/model");
    putText(methodology, "inference_engine", engine != null ? engine : json.text("/model_source"));
    Long seed = json.integer("/config/random_seed");
    if (seed != null) {
      methodology.put("seed", seed);
    }
    Double limit = json.number("/config/limit");
    if (limit != null) {
      methodology.put("limit", limit == Math.rint(limit) ? (Object) limit.longValue() : limit);
    }
    if (Boolean.TRUE.equals(json.bool("/fewshot_as_multiturn"))) {
      methodology.put("fewshot_as_multiturn", true);
    }

    JsonNode genKwargs = json.node("/config/gen_kwargs");
    if (genKwargs != null && !genKwargs.isTextual() && !genKwargs.isObject()) {
      json.error("/config/gen_kwargs", "must be a \"k=v,...\" string or an object");
      genKwargs = null;
    }
    String pretrained = text(modelArgs.get("pretrained"));
    String modelName = json.text("/model_name");
    return new LmEvalRun(
        methodology,
        KeyValueArgs.of(genKwargs),
        json.text("/system_instruction"),
        json.text("/system_instruction_sha"),
        pretrained != null ? pretrained : modelName,
        date(json));
  }

  private static JsonNode modelArgs(Checked json) {
    JsonNode args = json.node("/config/model_args");
    if (args != null && !args.isTextual() && !args.isObject()) {
      json.error("/config/model_args", "must be a \"k=v,...\" string or an object");
      return null;
    }
    return args;
  }

  /** {@code date} (epoch seconds), else the file name's date id taken as UTC; null if neither. */
  private static String date(Checked json) {
    Double epoch = json.number("/date");
    if (epoch != null) {
      if (epoch >= 0 && epoch < LAST_SECOND) {
        return Instant.ofEpochSecond((long) Math.floor(epoch)).toString();
      }
      json.error("/date", "the date " + epoch + " is not epoch seconds between 1970 and 9999");
      return null;
    }
    Matcher id = DATE_ID.matcher(json.file().baseName());
    if (id.find()) {
      String text = id.group(1) + "T" + id.group(2) + ":" + id.group(3) + ":" + id.group(4);
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toString();
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
    return null;
  }

  private static void putText(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
