package dev.evalhub.importers.eee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.formats.model.ResultEntry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes evalhub results as Every Eval Ever 0.3.0 aggregate records, one record per result entry,
 * valid against {@code eval.schema.json}. What the schema has a field for goes there (the value,
 * its standard error and number of samples, the framework and its version, the model, its revision,
 * precision and inference engine, generation settings, the command); every methodology key also
 * goes, as JSON text, into {@code evaluation_results[0].generation_config
 * .additional_details["evalhub.methodology.<key>"]}, which {@link EeeReader} reads back exactly.
 * The mapping is documented in {@code docs/importing/every-eval-ever.md}. Stateless.
 */
public final class EeeExport {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final Pattern UUID_SAMPLES =
      Pattern.compile(
          "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}"
              + "_samples\\.jsonl");

  private EeeExport() {}

  /**
   * One evalhub result to export.
   *
   * @param model the model repository id ({@code namespace/name})
   * @param datasetId the benchmark dataset id the entry names
   * @param taskId the benchmark task id the entry names
   * @param entry the result entry as its file states it
   * @param metricName the benchmark task's metric name, or null (then {@code value})
   * @param lowerIsBetter whether a lower value is better on that task, or null (then false)
   * @param file the results file of the entry ({@code .eval_results/x.yaml}), or null
   * @param index the entry's index in that file, or null
   * @param commit the commit that added the entry's value, or null
   * @param hubUrl the hub's base URL ({@code https://hub.example}), or null
   */
  public record Result(
      String model,
      String datasetId,
      String taskId,
      ResultEntry entry,
      String metricName,
      Boolean lowerIsBetter,
      String file,
      Integer index,
      String commit,
      String hubUrl) {

    public Result {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(datasetId, "datasetId");
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(entry, "entry");
      if (hubUrl != null) {
        hubUrl = hubUrl.replaceAll("/+$", "");
      }
    }

    /** A result with only what the entry itself says. */
    public static Result of(String model, String datasetId, String taskId, ResultEntry entry) {
      return new Result(model, datasetId, taskId, entry, null, null, null, null, null, null);
    }
  }

  /** The record of {@code result}, created at {@code retrieved}. */
  public static ObjectNode record(Result result, Instant retrieved) {
    ResultEntry entry = result.entry();
    Map<String, Object> methodology =
        entry.methodology() == null ? Map.of() : entry.methodology().fields();
    String model = result.model();
    int slash = model.indexOf('/');
    String developer = slash > 0 ? model.substring(0, slash) : model;
    String modelName = model.substring(slash + 1);

    ObjectNode record = NODES.objectNode();
    record.put("schema_version", EeeSchema.VERSION);
    String retrievedEpoch = EeeValues.epoch(retrieved);
    record.put(
        "evaluation_id",
        "evalhub/"
            + result.datasetId()
            + ":"
            + result.taskId()
            + "/"
            + model.replace('/', '_')
            + "/"
            + retrievedEpoch);
    Optional<Instant> date = EeeValues.instant(entry.date());
    date.ifPresent(d -> record.put("evaluation_timestamp", EeeValues.epoch(d)));
    record.put("retrieved_timestamp", retrievedEpoch);

    ObjectNode source = record.putObject("source_metadata");
    source.put("source_name", "evalhub");
    source.put("source_type", "documentation");
    source.put("source_organization_name", "evalhub");
    if (result.hubUrl() != null) {
      source.put("source_organization_url", result.hubUrl());
    }
    source.put("evaluator_relationship", "other");
    ObjectNode sourceDetails = source.putObject("additional_details");
    sourceDetails.put("evalhub.model", model);
    putIf(sourceDetails, "evalhub.file", result.file());
    if (result.index() != null) {
      sourceDetails.put("evalhub.index", result.index().toString());
    }
    putIf(sourceDetails, "evalhub.commit", result.commit());
    if (result.hubUrl() != null) {
      sourceDetails.put("evalhub.model_url", result.hubUrl() + "/" + model);
    }
    if (entry.source() != null) {
      putIf(sourceDetails, "evalhub.source.url", entry.source().url());
      putIf(sourceDetails, "evalhub.source.name", entry.source().name());
      putIf(sourceDetails, "evalhub.source.user", entry.source().user());
      putIf(sourceDetails, "evalhub.source.org", entry.source().org());
    }
    putIf(sourceDetails, "evalhub.notes", entry.notes());
    putIf(sourceDetails, "evalhub.date", entry.date());

    ObjectNode library = record.putObject("eval_library");
    library.put("name", EeeValues.libraryName(string(methodology.get("framework"))));
    String version = string(methodology.get("framework_version"));
    library.put("version", version == null || version.isBlank() ? "unknown" : version);

    ObjectNode modelInfo = record.putObject("model_info");
    modelInfo.put("name", modelName);
    modelInfo.put("id", model);
    modelInfo.put("developer", developer);
    String engine = string(methodology.get("inference_engine"));
    if (engine != null) {
      modelInfo.putObject("inference_engine").put("name", engine);
    }
    ObjectNode modelDetails = modelInfo.putObject("additional_details");
    modelDetails.put("deployment_type", "unknown");
    modelDetails.put("model_availability", "unknown");
    putIf(modelDetails, "precision", string(methodology.get("precision")));
    putIf(modelDetails, "revision", string(methodology.get("model_revision")));

    ArrayNode results = record.putArray("evaluation_results");
    ObjectNode item = results.addObject();
    item.put("evaluation_result_id", result.datasetId() + "/" + result.taskId());
    item.put("evaluation_name", result.taskId());
    item.set("source_data", sourceData(result));
    ObjectNode metric = item.putObject("metric_config");
    String metricName = result.metricName() == null ? "value" : result.metricName();
    metric.put(
        "evaluation_description",
        metricName + " on task " + result.taskId() + " of " + result.datasetId());
    metric.put("metric_id", metricName);
    metric.put("metric_name", metricName);
    metric.put("lower_is_better", Boolean.TRUE.equals(result.lowerIsBetter()));

    ObjectNode score = item.putObject("score_details");
    score.put("score", entry.value());
    if (entry.stderr() != null || entry.numSamples() != null) {
      ObjectNode uncertainty = score.putObject("uncertainty");
      if (entry.stderr() != null) {
        uncertainty.putObject("standard_error").put("value", entry.stderr());
      }
      if (entry.numSamples() != null) {
        uncertainty.put("num_samples", entry.numSamples());
      }
    }
    ResultEntry.Details details = entry.details();
    if (details != null) {
      ObjectNode detailsKeys = score.putObject("details");
      putIf(detailsKeys, EeeValues.DETAILS_PREFIX + "path", details.path());
      putIf(detailsKeys, EeeValues.DETAILS_PREFIX + "url", details.url());
      putIf(detailsKeys, EeeValues.DETAILS_PREFIX + "sha256", details.sha256());
      putIf(detailsKeys, EeeValues.DETAILS_PREFIX + "format", details.format());
    }

    item.set("generation_config", generationConfig(methodology));

    if (details != null
        && "eee-jsonl".equals(details.format())
        && details.sha256() != null
        && (details.path() != null || details.url() != null)) {
      ObjectNode detailed = record.putObject("detailed_evaluation_results");
      detailed.put("format", "jsonl");
      detailed.put(
          "file_path",
          "data/evalhub/"
              + pathPart(developer)
              + "/"
              + pathPart(modelName)
              + "/"
              + samplesName(details, record.get("evaluation_id").asText()));
      detailed.put("hash_algorithm", "sha256");
      detailed.put("checksum", details.sha256());
      ObjectNode where = detailed.putObject("additional_details");
      putIf(where, EeeValues.DETAILS_PREFIX + "path", details.path());
      putIf(where, EeeValues.DETAILS_PREFIX + "url", details.url());
    }
    return record;
  }

  /** {@link #record} as UTF-8 JSON text (indented). */
  public static byte[] bytes(Result result, Instant retrieved) {
    return write(record(result, retrieved));
  }

  /** The records of {@code results}, as one JSON array (UTF-8, indented). */
  public static byte[] array(List<Result> results, Instant retrieved) {
    ArrayNode array = NODES.arrayNode();
    results.forEach(r -> array.add(record(r, retrieved)));
    return write(array);
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always writes", e);
    }
  }

  private static ObjectNode sourceData(Result result) {
    ObjectNode data = NODES.objectNode();
    data.put("dataset_name", result.datasetId());
    if (result.hubUrl() != null) {
      data.put("source_type", "url");
      data.putArray("url").add(result.hubUrl() + "/datasets/" + result.datasetId());
    } else {
      data.put("source_type", "other");
    }
    ObjectNode keys = data.putObject("additional_details");
    keys.put("evalhub.dataset_id", result.datasetId());
    keys.put("evalhub.task_id", result.taskId());
    ResultEntry.DatasetRef dataset = result.entry().dataset();
    if (dataset != null) {
      putIf(keys, "evalhub.dataset_revision", dataset.revision());
    }
    return data;
  }

  private static ObjectNode generationConfig(Map<String, Object> methodology) {
    ObjectNode config = NODES.objectNode();
    ObjectNode args = NODES.objectNode();
    if (methodology.get("generation") instanceof Map<?, ?> generation) {
      for (String key : List.of("temperature", "top_p", "top_k")) {
        if (generation.get(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
          args.put(key, n.doubleValue());
        }
      }
      if (generation.get("max_tokens") instanceof Number n && isCount(n)) {
        args.put("max_tokens", n.intValue());
      }
      if (generation.get("max_attempts") instanceof Number n && isCount(n)) {
        args.put("max_attempts", n.intValue());
      }
      if (generation.get("reasoning") instanceof Boolean b) {
        args.put("reasoning", b);
      }
    }
    String command = string(methodology.get("command"));
    if (command != null) {
      args.put("execution_command", command);
    }
    if (!args.isEmpty()) {
      config.set("generation_args", args);
    }
    ObjectNode keys = config.putObject("additional_details");
    if (methodology.get("num_fewshot") instanceof Number n
        && (n instanceof Long || n instanceof Integer || n instanceof BigInteger)) {
      keys.put("num_fewshot", n.toString());
    }
    methodology.forEach(
        (key, value) -> keys.put(EeeValues.METHODOLOGY_PREFIX + key, EeeValues.jsonText(value)));
    return config;
  }

  private static boolean isCount(Number n) {
    return (n instanceof Long || n instanceof Integer)
        && n.longValue() >= 1
        && n.longValue() <= Integer.MAX_VALUE;
  }

  /**
   * The samples file's name in EEE's layout ({@code <uuid4>_samples.jsonl}): the details file's own
   * name when it has that form (a file imported from EEE), else a name derived from the record and
   * the file's hash.
   */
  private static String samplesName(ResultEntry.Details details, String evaluationId) {
    String where = details.path() != null ? details.path() : details.url();
    String base = where.substring(where.lastIndexOf('/') + 1);
    if (UUID_SAMPLES.matcher(base).matches()) {
      return base;
    }
    byte[] hash =
        HexFormat.of()
            .parseHex(
                EeeValues.sha256Hex(
                    evaluationId.substring(0, evaluationId.lastIndexOf('/'))
                        + "\n"
                        + details.sha256()));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    String hex = HexFormat.of().formatHex(hash, 0, 16);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32)
        + "_samples.jsonl";
  }

  private static String pathPart(String text) {
    String part = text.replace('/', '_');
    return part.isEmpty() ? "_" : part;
  }

  private static void putIf(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static String string(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof String s ? s : String.valueOf(value);
  }
}
