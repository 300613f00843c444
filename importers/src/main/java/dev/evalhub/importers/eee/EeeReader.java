package dev.evalhub.importers.eee;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads EvalEval "Every Eval Ever" (EEE) records: aggregate records ({@code eval.schema.json},
 * schema 0.3.0), one result per {@code evaluation_results[]} item, and the instance-level {@code
 * *_samples.jsonl} file a record's {@code detailed_evaluation_results} names (joined by its base
 * name and checksum), which becomes the results' details ({@code eee-jsonl}). Every record is
 * validated against the schema (errors for a 0.3.0 record, warnings for another version, which is
 * read as far as it goes); the samples file is streamed and every line validated. The mapping is
 * documented in {@code docs/importing/every-eval-ever.md}. Stateless.
 */
public final class EeeReader implements LogReader {

  /** The framework id of results whose record names no evaluation library. */
  public static final String FRAMEWORK = "every-eval-ever";

  /** The metric name of a result whose {@code metric_config} has no id and no name. */
  static final String DEFAULT_METRIC = "score";

  /** How many schema violations of one record are reported before the rest are counted only. */
  static final int MAX_SCHEMA_PROBLEMS = 50;

  private static final Pattern FEWSHOT = Pattern.compile("[0-9]{1,9}");

  @Override
  public String framework() {
    return FRAMEWORK;
  }

  @Override
  public boolean accepts(Sniff sniff) {
    if (isSamplesName(sniff.baseName())) {
      List<String> keys = sniff.firstLineKeys();
      return keys.contains("schema_version")
          && keys.contains("evaluation_id")
          && keys.contains("sample_id");
    }
    if (!sniff.looksLikeJsonObject()) {
      return false;
    }
    List<String> keys = sniff.topLevelKeys();
    return keys.contains("schema_version")
        && (keys.contains("evaluation_results")
            || keys.contains("eval_library")
            || keys.contains("source_metadata"));
  }

  private static boolean isSamplesName(String baseName) {
    return baseName.toLowerCase(Locale.ROOT).endsWith(".jsonl");
  }

  @Override
  public void read(List<LogSource> files, ImportContext context) {
    Map<String, LogSource> samplesByName = new LinkedHashMap<>();
    List<LogSource> records = new ArrayList<>();
    for (LogSource file : files) {
      if (!isSamplesName(file.baseName())) {
        records.add(file);
      } else if (samplesByName.putIfAbsent(file.baseName(), file) != null) {
        context.error(
            file,
            "a second per-sample file named "
                + file.baseName()
                + "; records join their samples file by its name, give it once");
      }
    }
    Joins joins = new Joins(context);
    for (LogSource record : records) {
      new RecordRead(record, context, samplesByName, joins).read();
    }
    for (LogSource samples : samplesByName.values()) {
      if (!joins.checked.containsKey(samples)) {
        joins.check(samples);
        context.error(
            samples,
            "a per-sample file without its aggregate record: give the record whose"
                + " detailed_evaluation_results.file_path names "
                + samples.baseName()
                + " with it");
      }
    }
  }

  /** The samples files checked so far: each is streamed once, however many records name it. */
  private static final class Joins {
    private final ImportContext context;
    private final Map<LogSource, EeeSamples.Checked> checked = new HashMap<>();

    Joins(ImportContext context) {
      this.context = context;
    }

    EeeSamples.Checked check(LogSource samples) {
      return checked.computeIfAbsent(samples, s -> EeeSamples.check(s, context));
    }
  }

  /** Reading one aggregate record. */
  private static final class RecordRead {
    private final LogSource file;
    private final ImportContext context;
    private final Map<String, LogSource> samplesByName;
    private final Joins joins;
    private final Set<String> schemaErrorPointers = new HashSet<>();
    private JsonDoc doc;
    private boolean current;

    RecordRead(
        LogSource file, ImportContext context, Map<String, LogSource> samplesByName, Joins joins) {
      this.file = file;
      this.context = context;
      this.samplesByName = samplesByName;
      this.joins = joins;
    }

    void read() {
      Optional<JsonDoc> parsed = context.readJson(file);
      if (parsed.isEmpty()) {
        return;
      }
      doc = parsed.get();
      JsonNode root = doc.root();
      if (!root.isObject()) {
        context.error(file, "", doc, "", "an Every Eval Ever record is a JSON object");
        return;
      }
      String version = EeeValues.text(root.get("schema_version"));
      current = EeeSchema.VERSION.equals(version);
      if (!current) {
        context.warning(
            file,
            "",
            doc,
            root.has("schema_version") ? "/schema_version" : "",
            "schema version "
                + (version == null ? "missing" : "\"" + version + "\"")
                + ": evalhub reads Every Eval Ever "
                + EeeSchema.VERSION
                + "; this record is read as far as it goes and its differences from "
                + EeeSchema.VERSION
                + " are warnings");
      }
      validate(root);

      String model = EeeValues.text(root.at("/model_info/id"));
      if (model == null) {
        blocking("/model_info/id", "model_info.id must name the model");
      }
      String libraryName = EeeValues.text(root.at("/eval_library/name"));
      Optional<String> framework = EeeValues.frameworkId(libraryName);
      Map<String, Object> recordMethodology = new LinkedHashMap<>();
      framework.ifPresent(f -> recordMethodology.put("framework", f));
      EeeValues.frameworkVersion(EeeValues.text(root.at("/eval_library/version")), libraryName)
          .ifPresent(v -> recordMethodology.put("framework_version", v));
      modelMethodology(root.path("model_info"), recordMethodology);
      String recordDate = date("/evaluation_timestamp");
      DetailsFile details = details(root);

      JsonNode results = root.get("evaluation_results");
      if (results == null || !results.isArray()) {
        blocking("/evaluation_results", "evaluation_results must be a list of results");
        return;
      }
      if (results.isEmpty()) {
        context.warning(file, "", doc, "/evaluation_results", "the record holds no results");
      }
      for (int i = 0; i < results.size(); i++) {
        result(
            JsonDoc.pointer("/evaluation_results", i),
            results.get(i),
            framework.orElse(FRAMEWORK),
            model,
            recordDate,
            recordMethodology,
            details);
      }
    }

    private void validate(JsonNode root) {
      List<EeeSchema.Violation> violations = EeeSchema.aggregate().validate(root);
      int shown = 0;
      for (EeeSchema.Violation v : violations) {
        if (shown == MAX_SCHEMA_PROBLEMS) {
          String more =
              (violations.size() - shown)
                  + " more differences from the Every Eval Ever schema are not listed";
          if (current) {
            context.error(file, more);
          } else {
            context.warning(file, more);
          }
          break;
        }
        shown++;
        String message = "not a valid Every Eval Ever " + EeeSchema.VERSION + " record: ";
        if (current) {
          schemaErrorPointers.add(v.pointer());
          context.error(file, "", doc, v.pointer(), message + v.message());
        } else {
          context.warning(file, "", doc, v.pointer(), message + v.message());
        }
      }
    }

    /**
     * An error that stops reading a value, unless the schema already reported one there (or at its
     * parent, for a missing property).
     */
    private void blocking(String pointer, String message) {
      if (current && (schemaErrorPointers.contains(pointer) || reportedAtParent(pointer))) {
        return;
      }
      context.error(file, "", doc, pointer, message);
    }

    private boolean reportedAtParent(String pointer) {
      for (int slash = pointer.lastIndexOf('/');
          slash >= 0;
          slash = pointer.lastIndexOf('/', slash - 1)) {
        if (schemaErrorPointers.contains(pointer.substring(0, slash))) {
          return true;
        }
        if (slash == 0) {
          break;
        }
      }
      return false;
    }

    private void modelMethodology(JsonNode modelInfo, Map<String, Object> methodology) {
      JsonNode engine = modelInfo.path("inference_engine");
      String engineName = EeeValues.text(engine.get("name"));
      if (engineName != null && !engineName.isBlank()) {
        String engineVersion = EeeValues.text(engine.get("version"));
        methodology.put(
            "inference_engine",
            engineVersion == null
                    || engineVersion.isBlank()
                    || engineVersion.equalsIgnoreCase("unknown")
                ? engineName
                : engineName + " " + engineVersion);
      }
      JsonNode extra = modelInfo.path("additional_details");
      String revision = firstText(extra, "revision", "model_sha", "sha");
      if (revision != null) {
        methodology.put("model_revision", revision);
      }
      String precision = firstText(extra, "precision", "dtype");
      if (precision != null) {
        methodology.put(
            "precision", precision.startsWith("torch.") ? precision.substring(6) : precision);
      }
    }

    private static String firstText(JsonNode object, String... keys) {
      for (String key : keys) {
        String text = EeeValues.text(object.get(key));
        if (text != null && !text.isBlank() && !text.equalsIgnoreCase("unknown")) {
          return text;
        }
      }
      return null;
    }

    private String date(String pointer) {
      JsonNode node = doc.at(pointer);
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      Optional<String> date = EeeValues.isoDate(EeeValues.text(node));
      if (date.isEmpty()) {
        context.warning(
            file,
            "",
            doc,
            pointer,
            "the timestamp "
                + node
                + " is neither Unix epoch seconds nor an ISO-8601 date-time; the results have no"
                + " date");
      }
      return date.orElse(null);
    }

    private DetailsFile details(JsonNode root) {
      JsonNode detailed = root.get("detailed_evaluation_results");
      if (detailed == null || !detailed.isObject()) {
        return null;
      }
      String pointer = "/detailed_evaluation_results/file_path";
      String path = EeeValues.text(detailed.get("file_path"));
      if (path == null) {
        return null;
      }
      String baseName = path.substring(path.lastIndexOf('/') + 1);
      LogSource samples = samplesByName.get(baseName);
      if (samples == null) {
        context.warning(
            file,
            "",
            doc,
            pointer,
            "the per-sample file "
                + baseName
                + " was not given with the record; its results have no details (give it too to"
                + " keep them)");
        return null;
      }
      EeeSamples.Checked checked = joins.check(samples);
      if (checked.failed()) {
        context.error(
            file, "", doc, pointer, "the per-sample file " + baseName + " has errors (see them)");
        return null;
      }
      String checksum = EeeValues.text(detailed.get("checksum"));
      if (checksum != null) {
        String algorithm = EeeValues.text(detailed.get("hash_algorithm"));
        boolean md5 = "md5".equalsIgnoreCase(algorithm);
        String actual = md5 ? checked.md5() : checked.sha256();
        if (!checksum.trim().equalsIgnoreCase(actual)) {
          context.error(
              file,
              "",
              doc,
              "/detailed_evaluation_results/checksum",
              "the checksum "
                  + checksum
                  + " does not match "
                  + baseName
                  + ", whose "
                  + (md5 ? "md5" : "sha256")
                  + " is "
                  + actual);
          return null;
        }
      }
      JsonNode totalRows = detailed.get("total_rows");
      if (totalRows != null
          && totalRows.isIntegralNumber()
          && totalRows.longValue() != checked.rows()) {
        context.warning(
            file,
            "",
            doc,
            "/detailed_evaluation_results/total_rows",
            "total_rows is "
                + totalRows.longValue()
                + " but "
                + baseName
                + " holds "
                + checked.rows()
                + " sample records");
      }
      // The checksum names the file exactly; without one, the lines must name this evaluation (an
      // export names a new evaluation for the same samples, so with a checksum it is a warning).
      String evaluationId = EeeValues.text(root.get("evaluation_id"));
      for (String other : checked.evaluationIds()) {
        if (evaluationId != null && !other.equals(evaluationId)) {
          String message =
              "the per-sample file "
                  + baseName
                  + " holds samples of the evaluation \""
                  + other
                  + "\", not of this record's \""
                  + evaluationId
                  + "\"";
          if (checksum == null) {
            context.error(file, "", doc, pointer, message);
            return null;
          }
          context.warning(file, "", doc, pointer, message);
          break;
        }
      }
      return new DetailsFile(
          samples,
          DetailsFile.FOLDER + EeeValues.safeFileName(baseName),
          checked.sha256(),
          samples.size(),
          "eee-jsonl");
    }

    private void result(
        String pointer,
        JsonNode item,
        String framework,
        String model,
        String recordDate,
        Map<String, Object> recordMethodology,
        DetailsFile details) {
      if (item == null || !item.isObject()) {
        blocking(pointer, "a result is a JSON object");
        return;
      }
      String name = EeeValues.text(item.get("evaluation_name"));
      if (name == null) {
        blocking(pointer + "/evaluation_name", "evaluation_name must name the evaluation");
        return;
      }
      String scorePointer = pointer + "/score_details/score";
      JsonNode score = doc.at(scorePointer);
      if (!score.isNumber()) {
        blocking(scorePointer, "score_details.score must be a number");
        return;
      }
      if (!Double.isFinite(score.doubleValue())) {
        context.error(
            file,
            "",
            doc,
            scorePointer,
            "the score is " + score.asText() + "; a result needs a number");
        return;
      }
      Double stderr = null;
      String stderrPointer = pointer + "/score_details/uncertainty/standard_error/value";
      JsonNode stderrNode = doc.at(stderrPointer);
      if (!stderrNode.isMissingNode() && !stderrNode.isNull()) {
        if (!stderrNode.isNumber()) {
          blocking(stderrPointer, "the standard error must be a number");
          return;
        }
        double value = stderrNode.doubleValue();
        if (!Double.isFinite(value) || value < 0) {
          context.error(
              file,
              "",
              doc,
              stderrPointer,
              "the standard error is " + stderrNode.asText() + "; it must be a finite number >= 0");
          return;
        }
        stderr = value;
      }
      Long numSamples = numSamples(pointer + "/score_details/uncertainty/num_samples");
      if (numSamples == null) {
        numSamples = numSamples(pointer + "/source_data/samples_number");
      }
      String date =
          item.has("evaluation_timestamp") ? date(pointer + "/evaluation_timestamp") : recordDate;
      JsonNode metricConfig = item.path("metric_config");
      String metric = EeeValues.text(metricConfig.get("metric_id"));
      if (metric == null || metric.isBlank()) {
        metric = EeeValues.text(metricConfig.get("metric_name"));
      }
      if (metric == null || metric.isBlank()) {
        metric = DEFAULT_METRIC;
      }
      Optional<Map<String, Object>> methodology = methodology(pointer, item, recordMethodology);
      if (methodology.isEmpty()) {
        return;
      }
      context.add(
          new LogResult(
              file.name(),
              framework,
              name,
              metric,
              score.doubleValue(),
              stderr,
              numSamples,
              date,
              model,
              new Methodology(methodology.get()),
              details));
    }

    private Long numSamples(String pointer) {
      JsonNode node = doc.at(pointer);
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 1) {
        return node.longValue();
      }
      context.warning(
          file,
          "",
          doc,
          pointer,
          "the number of samples is " + node + ", not an integer >= 1; it is left out");
      return null;
    }

    /**
     * The methodology of one result: evalhub's own keys when the record carries them (an evalhub
     * export), else what the record's fields state. Empty after an error.
     */
    private Optional<Map<String, Object>> methodology(
        String pointer, JsonNode item, Map<String, Object> recordMethodology) {
      String detailsPointer = pointer + "/generation_config/additional_details";
      JsonNode generationDetails = doc.at(detailsPointer);
      Map<String, Object> own = new LinkedHashMap<>();
      boolean failed = false;
      if (generationDetails.isObject()) {
        for (Map.Entry<String, JsonNode> e : generationDetails.properties()) {
          if (!e.getKey().startsWith(EeeValues.METHODOLOGY_PREFIX)) {
            continue;
          }
          String key = e.getKey().substring(EeeValues.METHODOLOGY_PREFIX.length());
          String keyPointer = JsonDoc.pointer(detailsPointer, e.getKey());
          String text = EeeValues.text(e.getValue());
          EeeValues.Parsed parsed =
              text == null
                  ? new EeeValues.Parsed(null, "not a string")
                  : EeeValues.parseJsonText(text);
          if (key.isEmpty() || parsed.value() == null) {
            context.error(
                file,
                "",
                doc,
                keyPointer,
                e.getKey()
                    + " must hold a methodology value as JSON text ("
                    + (key.isEmpty() ? "no key" : parsed.problem())
                    + ")");
            failed = true;
            continue;
          }
          own.put(key, parsed.value());
        }
      }
      if (failed) {
        return Optional.empty();
      }
      if (!own.isEmpty()) {
        return Optional.of(own);
      }
      Map<String, Object> methodology = new LinkedHashMap<>(recordMethodology);
      String fewshot = EeeValues.text(generationDetails.get("num_fewshot"));
      if (fewshot != null) {
        if (FEWSHOT.matcher(fewshot.trim()).matches()) {
          methodology.put("num_fewshot", Long.parseLong(fewshot.trim()));
        } else {
          context.warning(
              file,
              "",
              doc,
              JsonDoc.pointer(detailsPointer, "num_fewshot"),
              "num_fewshot \"" + fewshot + "\" is not a count; it is left out");
        }
      }
      JsonNode judging = item.path("metric_config").path("llm_scoring");
      if (judging.isObject()) {
        methodology.put("scoring", "model_judge");
        Map<String, Object> judge = new LinkedHashMap<>();
        List<Object> models = new ArrayList<>();
        judging
            .path("judges")
            .forEach(
                j -> {
                  String id = EeeValues.text(j.at("/model_info/id"));
                  if (id != null) {
                    models.add(id);
                  }
                });
        if (!models.isEmpty()) {
          judge.put("models", models);
        }
        String aggregation = EeeValues.text(judging.get("aggregation_method"));
        if (aggregation != null) {
          judge.put("aggregation_method", aggregation);
        }
        String prompt = EeeValues.text(judging.get("input_prompt"));
        if (prompt != null) {
          judge.put("prompt_sha256", EeeValues.sha256Hex(prompt));
        }
        if (!judge.isEmpty()) {
          methodology.put("judge", judge);
        }
      }
      JsonNode args = item.path("generation_config").path("generation_args");
      String template = EeeValues.text(args.get("prompt_template"));
      if (template != null) {
        methodology.put("prompt_sha256", EeeValues.sha256Hex(template));
      }
      Map<String, Object> generation = new LinkedHashMap<>();
      for (String key : List.of("temperature", "top_p", "top_k")) {
        JsonNode value = args.get(key);
        if (value != null && value.isNumber() && Double.isFinite(value.doubleValue())) {
          generation.put(key, EeeValues.plain(value));
        }
      }
      for (String key : List.of("max_tokens", "max_attempts")) {
        JsonNode value = args.get(key);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
          generation.put(key, value.longValue());
        }
      }
      JsonNode reasoning = args.get("reasoning");
      if (reasoning != null && reasoning.isBoolean()) {
        generation.put("reasoning", reasoning.booleanValue());
      }
      if (!generation.isEmpty()) {
        methodology.put("generation", generation);
      }
      String command = EeeValues.text(args.get("execution_command"));
      if (command != null && !command.isBlank()) {
        methodology.put("command", command);
      }
      return Optional.of(methodology);
    }
  }
}
