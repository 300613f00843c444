package dev.evalhub.importers.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Inspect {@code EvalLog} (the {@code header.json} of a {@code .eval}, or a {@code .json} log
 * without its samples) read into results: one per (score, metric) of {@code results.scores}, the
 * dispersion metrics left out ({@code stderr} gives the others' standard error). See
 * docs/importing/inspect-ai.md for how every field is chosen.
 */
final class InspectLog {

  static final String FRAMEWORK = "inspect-ai";

  /** The highest {@code version} (log format) of the logs this reader was written against. */
  static final int KNOWN_LOG_VERSION = 3;

  /** Metrics that describe the spread of the others, not a score: never a result of their own. */
  static final Set<String> DISPERSION = Set.of("stderr", "bootstrap_stderr", "std", "var");

  private final LogSource file;
  private final String entry;
  private final JsonNode root;
  private final JsonDoc doc;
  private final ImportContext context;

  /**
   * @param entry the zip entry the log was read from ({@code header.json}), or "" for a {@code
   *     .json} log
   * @param doc the document with its bytes, for line and column in diagnostics; null when the log
   *     was streamed (diagnostics then carry only the pointer)
   */
  InspectLog(LogSource file, String entry, JsonNode root, JsonDoc doc, ImportContext context) {
    this.file = file;
    this.entry = entry;
    this.root = root;
    this.doc = doc;
    this.context = context;
  }

  private void error(String pointer, String message) {
    context.error(file, entry, doc, pointer, message);
  }

  private void warning(String pointer, String message) {
    context.warning(file, entry, doc, pointer, message);
  }

  /** Reads the results, adding them (with {@code details}) to the context. */
  void read(String detailsFormat) {
    if (!root.isObject()) {
      error("", "an Inspect log is a JSON object");
      return;
    }
    JsonNode version = root.path("version");
    if (version.isIntegralNumber() && version.asLong() > KNOWN_LOG_VERSION) {
      warning(
          "/version",
          "log format version "
              + version.asText()
              + " is newer than the versions this reader knows (up to "
              + KNOWN_LOG_VERSION
              + "); reading what it can");
    }
    if (!statusIsSuccess()) {
      return;
    }
    JsonNode eval = root.path("eval");
    if (!eval.isObject()) {
      error("/eval", "the log has no eval object (the task, model and configuration)");
      return;
    }
    String task = text(eval.path("task"));
    if (task == null || task.isBlank()) {
      error("/eval/task", "eval.task must name the task");
      return;
    }
    JsonNode results = root.path("results");
    if (!results.isObject()) {
      error("/results", "the log has no results object: the run recorded no scores");
      return;
    }
    JsonNode scores = results.path("scores");
    if (!scores.isArray()) {
      error("/results/scores", "results.scores must be a list of scores");
      return;
    }
    if (scores.isEmpty()) {
      error(
          "/results/scores",
          "results.scores is empty: the run recorded no scores"
              + scorerNames(eval)
              + ", so there is nothing to import");
      return;
    }
    Long completed = checkCompleted(results);
    String model = text(eval.path("model"));
    String date = date(eval.path("created"));
    InspectMethodology methodology = new InspectMethodology(root, this::warning);
    Long epochs =
        eval.path("config").path("epochs").isIntegralNumber()
            ? eval.path("config").path("epochs").asLong()
            : null;
    DetailsFile details = details(detailsFormat);
    Map<String, Integer> nameCounts = new HashMap<>();
    for (JsonNode score : scores) {
      nameCounts.merge(text(score.path("name")) + "", 1, Integer::sum);
    }
    List<LogResult> found = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      String at = JsonDoc.pointer("/results/scores", i);
      JsonNode score = scores.get(i);
      if (!score.isObject()) {
        error(at, "a score must be an object");
        continue;
      }
      String name = text(score.path("name"));
      if (name == null || name.isBlank()) {
        error(JsonDoc.pointer(at, "name"), "a score must have a name");
        continue;
      }
      String reducer = text(score.path("reducer"));
      String label =
          nameCounts.getOrDefault(name, 0) > 1 && reducer != null ? name + "/" + reducer : name;
      JsonNode metrics = score.path("metrics");
      String metricsAt = JsonDoc.pointer(at, "metrics");
      if (!metrics.isObject()) {
        error(metricsAt, "a score's metrics must be an object of named metrics");
        continue;
      }
      Double stderr = stderr(metrics, metricsAt);
      Long numSamples = numSamples(score, at, completed, epochs);
      Methodology scored = methodology.forScore(score, eval);
      int metricsFound = 0;
      for (Map.Entry<String, JsonNode> metric : iterable(metrics)) {
        if (DISPERSION.contains(metric.getKey())) {
          continue;
        }
        metricsFound++;
        String metricAt = JsonDoc.pointer(metricsAt, metric.getKey());
        Double value = finite(metric.getValue(), metricAt, metric.getKey());
        if (value == null) {
          continue;
        }
        String key = scores.size() == 1 ? metric.getKey() : label + "/" + metric.getKey();
        found.add(
            new LogResult(
                file.name(),
                FRAMEWORK,
                task,
                key,
                value,
                stderr,
                numSamples,
                date,
                model,
                scored,
                details));
      }
      if (metricsFound == 0) {
        error(metricsAt, "the score \"" + name + "\" has no metric besides its dispersion");
      }
    }
    found.forEach(context::add);
  }

  /** Whether the run finished ("success"); reports the status otherwise. */
  private boolean statusIsSuccess() {
    JsonNode status = root.path("status");
    if (status.isMissingNode()) {
      error(
          "",
          "the log has no status; only a finished run (status \"success\") has results to import");
      return false;
    }
    String text = text(status);
    if ("success".equals(text)) {
      return true;
    }
    if ("started".equals(text)) {
      error("/status", "the run did not finish (status \"started\"): it has no results");
      return false;
    }
    String why = text(root.path("error").path("message"));
    error(
        "/status",
        "the run's status is "
            + (text == null ? status.toString() : "\"" + text + "\"")
            + ", not \"success\": only a finished run is imported"
            + (why == null ? "" : " (error: " + firstLine(why) + ")"));
    return false;
  }

  private Long checkCompleted(JsonNode results) {
    JsonNode total = results.path("total_samples");
    JsonNode completed = results.path("completed_samples");
    if (total.isIntegralNumber()
        && completed.isIntegralNumber()
        && completed.asLong() < total.asLong()) {
      warning(
          "/results/completed_samples",
          "a partial run: "
              + completed.asLong()
              + " of "
              + total.asLong()
              + " samples completed; the scores are over the completed ones");
    }
    return completed.isIntegralNumber() ? completed.asLong() : null;
  }

  /**
   * The score's {@code scored_samples}; else {@code completed_samples} (samples × epochs) divided
   * by the epochs when it divides evenly; else none.
   */
  private Long numSamples(JsonNode score, String at, Long completed, Long epochs) {
    JsonNode scored = score.path("scored_samples");
    if (scored.isIntegralNumber() && scored.asLong() >= 1) {
      return scored.asLong();
    }
    if (!scored.isMissingNode() && !scored.isNull() && !scored.isIntegralNumber()) {
      warning(JsonDoc.pointer(at, "scored_samples"), "scored_samples must be an integer");
    }
    if (completed == null || completed < 1) {
      return null;
    }
    long perSample = epochs == null || epochs < 1 ? 1 : epochs;
    return completed % perSample == 0 ? completed / perSample : null;
  }

  private Double stderr(JsonNode metrics, String metricsAt) {
    for (String name : List.of("stderr", "bootstrap_stderr")) {
      JsonNode metric = metrics.path(name);
      if (metric.isMissingNode()) {
        continue;
      }
      String at = JsonDoc.pointer(JsonDoc.pointer(metricsAt, name), "value");
      JsonNode value = metric.path("value");
      if (!value.isNumber()) {
        warning(at, name + " must be a number; the results have no stderr");
        return null;
      }
      double number = value.asDouble();
      if (!Double.isFinite(number) || number < 0) {
        warning(at, name + " is " + value.asText() + ", not a finite number >= 0; left out");
        return null;
      }
      return number;
    }
    return null;
  }

  private Double finite(JsonNode metric, String metricAt, String name) {
    if (!metric.isObject()) {
      error(metricAt, "the metric " + name + " must be an object with a value");
      return null;
    }
    JsonNode value = metric.path("value");
    String at = JsonDoc.pointer(metricAt, "value");
    if (value.isMissingNode() || value.isNull()) {
      error(at, "the metric " + name + " has no value");
      return null;
    }
    if (!value.isNumber()) {
      error(at, "the metric " + name + " must be a number, found " + value);
      return null;
    }
    double number = value.asDouble();
    if (!Double.isFinite(number)) {
      error(at, "the metric " + name + " is " + value.asText() + ", not a finite number");
      return null;
    }
    return number;
  }

  private String date(JsonNode created) {
    String text = text(created);
    if (text == null) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    } catch (DateTimeParseException e) {
      warning("/eval/created", "eval.created is not an ISO-8601 date-time with an offset: " + text);
      return null;
    }
  }

  private DetailsFile details(String format) {
    String sha256 = context.sha256(file).orElse(null);
    if (sha256 == null) {
      return null;
    }
    return new DetailsFile(
        file, DetailsFile.FOLDER + safeName(file.baseName()), sha256, file.size(), format);
  }

  /** A file name of letters, digits, {@code . _ -} only; others become {@code _}. */
  static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
  }

  private static String scorerNames(JsonNode eval) {
    List<String> names = new ArrayList<>();
    for (JsonNode scorer : eval.path("scorers")) {
      String name = text(scorer.path("name"));
      if (name != null) {
        names.add(name);
      }
    }
    return names.isEmpty() ? "" : " (scorers: " + String.join(", ", names) + ")";
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object.properties();
  }
}
