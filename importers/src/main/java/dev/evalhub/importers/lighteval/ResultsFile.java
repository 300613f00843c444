package dev.evalhub.importers.lighteval;

import static dev.evalhub.importers.internal.NodeValues.describe;
import static dev.evalhub.importers.internal.NodeValues.integer;
import static dev.evalhub.importers.internal.NodeValues.isFinite;
import static dev.evalhub.importers.internal.NodeValues.nonBlank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.internal.NodeValues;
import dev.evalhub.importers.lighteval.LightevalReader.Attached;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One lighteval results file read into results: one per task key and metric of {@code results}. */
final class ResultsFile {

  private final LogSource file;
  private final JsonDoc doc;
  private final String date;
  private final ImportContext context;
  private final Function<String, Optional<Attached>> details;
  private boolean warnedNumericCategory;

  ResultsFile(
      LogSource file,
      JsonDoc doc,
      String timestamp,
      ImportContext context,
      Function<String, Optional<Attached>> details) {
    this.file = file;
    this.doc = doc;
    this.date = LightevalReader.isoDate(timestamp);
    this.context = context;
    this.details = details;
  }

  void read() {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      context.error(file, "", doc, "", "a lighteval results file is a JSON object");
      return;
    }
    JsonNode general = root.path("config_general");
    if (!general.isObject()) {
      context.error(
          file,
          "",
          doc,
          general.isMissingNode() ? "" : "/config_general",
          general.isMissingNode()
              ? "no \"config_general\": a lighteval results file records the run's model and"
                  + " configuration there"
              : "\"config_general\" is " + describe(general) + ", not an object");
      general = JsonNodeFactory.instance.objectNode();
    }
    JsonNode results = root.path("results");
    if (!results.isObject()) {
      context.error(
          file,
          "",
          doc,
          results.isMissingNode() ? "" : "/results",
          results.isMissingNode()
              ? "no \"results\" object"
              : "\"results\" is " + describe(results) + ", not an object");
      return;
    }
    RunConfig run = new RunConfig(general, root.path("versions"));
    for (Map.Entry<String, JsonNode> task : results.properties()) {
      String key = task.getKey();
      if (key.equals("all") || key.contains(":_average")) {
        continue;
      }
      readTask(run, key, task.getValue(), root.path("config_tasks").path(key));
    }
  }

  private void readTask(RunConfig run, String key, JsonNode metrics, JsonNode config) {
    String pointer = JsonDoc.pointer("/results", key);
    if (!metrics.isObject()) {
      context.error(
          file, "", doc, pointer, "task " + key + " is " + describe(metrics) + ", not an object");
      return;
    }
    String[] parts = key.split("\\|", -1);
    boolean shotSuffix = parts.length >= 2 && parts[parts.length - 1].matches("\\d{1,6}");
    String task = shotSuffix ? String.join("|", Arrays.copyOf(parts, parts.length - 1)) : key;
    Long fewshot =
        shotSuffix ? Long.valueOf(parts[parts.length - 1]) : integer(config.path("num_fewshots"));
    Optional<Attached> attached = details.apply(key);
    DetailsParquet.Facts facts = attached.map(Attached::facts).orElse(DetailsParquet.Facts.UNKNOWN);
    Long numSamples = numSamples(key, config, attached);
    for (Map.Entry<String, JsonNode> entry : metrics.properties()) {
      String metric = entry.getKey();
      if (metric.endsWith("_stderr")) {
        continue;
      }
      String at = JsonDoc.pointer(pointer, metric);
      JsonNode value = entry.getValue();
      if (value.isContainerNode()) {
        context.warning(
            file,
            "",
            doc,
            at,
            metric + " of " + key + " is " + describe(value) + ", not a number; it is left out");
        continue;
      }
      if (!isFinite(value)) {
        context.error(
            file,
            "",
            doc,
            at,
            metric + " of " + key + " is " + describe(value) + ", not a finite number");
        continue;
      }
      Double stderr = stderr(metrics, pointer, metric);
      JsonNode spec = metricSpec(config, metric);
      Scoring.Kind kind = kind(spec, facts);
      Methodology methodology =
          new TaskMethodology(run, key, config, fewshot, facts)
              .build(Scoring.of(kind, metric, spec, facts.letterChoices()), kind);
      context.add(
          new LogResult(
              file.name(),
              LightevalReader.FRAMEWORK,
              task,
              metric,
              value.asDouble(),
              stderr,
              numSamples,
              date,
              run.model(),
              methodology,
              attached.map(Attached::file).orElse(null)));
    }
  }

  private Double stderr(JsonNode metrics, String pointer, String metric) {
    JsonNode stderr = metrics.path(metric + "_stderr");
    if (stderr.isMissingNode() || stderr.isNull()) {
      return null;
    }
    if (isFinite(stderr) && stderr.asDouble() >= 0) {
      return stderr.asDouble();
    }
    context.warning(
        file,
        "",
        doc,
        JsonDoc.pointer(pointer, metric + "_stderr"),
        metric
            + "_stderr is "
            + describe(stderr)
            + ", not a finite number >= 0; the result has no standard error");
    return null;
  }

  /**
   * {@code config_tasks[t].effective_num_docs} when positive (lighteval writes -1 when it did not
   * count), else the details' row count; a warning when both are known and differ.
   */
  private Long numSamples(String key, JsonNode config, Optional<Attached> attached) {
    Long effective = integer(config.path("effective_num_docs"));
    Long rows = attached.map(a -> a.facts().rows()).orElse(null);
    if (effective != null && effective > 0) {
      if (rows != null && !rows.equals(effective)) {
        DetailsFile details = attached.get().file();
        context.warning(
            details.source(),
            "the details hold "
                + rows
                + " rows but config_tasks/"
                + key
                + "/effective_num_docs of "
                + file.name()
                + " says "
                + effective);
      }
      return effective;
    }
    return rows != null && rows > 0 ? rows : null;
  }

  /** The entry of {@code config_tasks[t].metrics} whose {@code metric_name} is or lists metric. */
  private static JsonNode metricSpec(JsonNode config, String metric) {
    for (JsonNode spec : config.path("metrics")) {
      JsonNode name = spec.path("metric_name");
      if (name.isTextual() && name.asText().equals(metric)) {
        return spec;
      }
      for (JsonNode item : name) {
        if (item.isTextual() && item.asText().equals(metric)) {
          return spec;
        }
      }
    }
    return MissingNode.getInstance();
  }

  private Scoring.Kind kind(JsonNode spec, DetailsParquet.Facts facts) {
    String category = NodeValues.text(spec.path("category"));
    Scoring.Kind kind = Scoring.Kind.of(category);
    if (kind == null && category != null && !warnedNumericCategory) {
      warnedNumericCategory = true;
      context.warning(
          file,
          "metric category \""
              + category
              + "\" is not one this reader knows (older lighteval versions wrote enum numbers whose"
              + " order changed between versions); the scoring is read from the details'"
              + " sampling_methods or left out");
    }
    if (kind == null && facts.samplingMethods().size() == 1) {
      kind = Scoring.Kind.of(facts.samplingMethods().get(0));
    }
    return kind;
  }

  /** The run-wide part of the methodology: {@code config_general} and {@code versions}. */
  record RunConfig(JsonNode general, JsonNode versions) {

    String model() {
      String name = nonBlank(general.path("model_name"));
      return name != null ? name : nonBlank(general.path("model_config").path("model_name"));
    }
  }
}
