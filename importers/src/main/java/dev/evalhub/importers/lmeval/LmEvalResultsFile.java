package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one {@code results_*.json} (0.4.x, or the legacy 0.3 shape) into one {@link LogResult} per
 * (task or group row, metric key), joined with the task's samples file when one was given. Not
 * thread-safe.
 */
final class LmEvalResultsFile {

  /** Row keys that are not metrics. */
  private static final Set<String> NOT_METRICS =
      Set.of("alias", "name", "sample_len", "sample_count");

  private final LogSource file;
  private final Checked json;
  private final ImportContext context;
  private final Function<String, LogSource> samplesFiles;
  private final Function<LogSource, SamplesScan.Summary> scan;
  private final Set<String> rowCountsChecked = new HashSet<>();

  LmEvalResultsFile(
      LogSource file,
      JsonDoc doc,
      ImportContext context,
      Function<String, LogSource> samplesFiles,
      Function<LogSource, SamplesScan.Summary> scan) {
    this.file = file;
    this.json = new Checked(file, doc, context);
    this.context = context;
    this.samplesFiles = samplesFiles;
    this.scan = scan;
  }

  void read() {
    JsonNode root = json.doc().root();
    if (!root.isObject()) {
      json.error("", "an lm-eval results file is a JSON object");
      return;
    }
    if (!root.has("results")) {
      json.error("", "no \"results\" object: not an lm-evaluation-harness results file");
      return;
    }
    JsonNode results = json.object("/results");
    if (results == null) {
      if (root.get("results").isNull()) {
        json.error("/results", "must be an object, not null");
      }
      return;
    }
    boolean legacy = isLegacy(root, results);
    LmEvalRun run = LmEvalRun.read(json);
    LmEvalTasks tasks =
        new LmEvalTasks(
            json,
            run,
            legacy,
            task -> {
              LogSource samples = samplesFiles.apply(task);
              return samples == null ? null : scan.apply(samples);
            });
    for (Map.Entry<String, JsonNode> row : results.properties()) {
      String pointer = JsonDoc.pointer("/results", row.getKey());
      if (!row.getValue().isObject()) {
        json.error(
            pointer, "a task's results must be an object, not " + Checked.describe(row.getValue()));
        continue;
      }
      readRow(row.getKey(), row.getValue(), pointer, legacy, run, tasks);
    }
  }

  /** The 0.3 shape: no {@code configs} or {@code n-shot}, and no metric key with a filter. */
  private static boolean isLegacy(JsonNode root, JsonNode results) {
    if (root.has("configs") || root.has("n-shot")) {
      return false;
    }
    for (JsonNode row : results) {
      Iterator<String> keys = row.fieldNames();
      while (keys.hasNext()) {
        if (keys.next().contains(",")) {
          return false;
        }
      }
    }
    return true;
  }

  private void readRow(
      String task,
      JsonNode row,
      String rowPointer,
      boolean legacy,
      LmEvalRun run,
      LmEvalTasks tasks) {
    Iterator<String> keys = row.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (NOT_METRICS.contains(key) || key.isBlank()) {
        continue;
      }
      String pointer = JsonDoc.pointer(rowPointer, key);
      String metric;
      String filter;
      String stderrKey;
      if (legacy) {
        if (key.endsWith("_stderr")) {
          continue;
        }
        metric = key;
        filter = null;
        stderrKey = key + "_stderr";
      } else {
        int comma = key.lastIndexOf(',');
        if (comma < 0) {
          json.warning(pointer, "not a \"metric,filter\" key; skipped");
          continue;
        }
        metric = key.substring(0, comma);
        filter = key.substring(comma + 1);
        if (metric.endsWith("_stderr")) {
          continue;
        }
        stderrKey = metric + "_stderr," + filter;
      }
      Double value = value(row.get(key), pointer);
      StderrRead stderr = stderr(row.get(stderrKey), JsonDoc.pointer(rowPointer, stderrKey));
      if (value == null || !stderr.ok()) {
        continue;
      }
      boolean group = tasks.isGroup(task);
      LmEvalTasks.Leaf leaf = group ? null : tasks.leaf(task);
      Long numSamples = group ? groupSamples(task, key, rowPointer, tasks) : leaf.numSamples();
      DetailsFile details = null;
      if (leaf != null && leaf.samples() != null) {
        LogSource samples = samplesFiles.apply(task);
        checkRows(samples, task, filter, leaf);
        details =
            new DetailsFile(
                samples,
                DetailsFile.FOLDER + samples.baseName(),
                leaf.samples().sha256(),
                leaf.samples().size(),
                "lm-eval-samples");
      }
      context.add(
          new LogResult(
              file.name(),
              LmEvalReader.FRAMEWORK,
              task,
              key,
              value,
              stderr.value(),
              numSamples,
              run.date(),
              run.model(),
              new Methodology(tasks.methodology(task, metric, filter, key)),
              details));
    }
  }

  private Double value(JsonNode node, String pointer) {
    if (!node.isNumber()) {
      json.error(pointer, "a metric value must be a number, not " + Checked.describe(node));
      return null;
    }
    if (!Double.isFinite(node.doubleValue())) {
      json.error(pointer, "a metric value must be a finite number, not " + node.asText());
      return null;
    }
    return node.doubleValue();
  }

  /** A standard error read: {@code ok} false when it was wrong (and reported). */
  private record StderrRead(boolean ok, Double value) {}

  private StderrRead stderr(JsonNode node, String pointer) {
    if (node == null || node.isNull() || (node.isTextual() && node.textValue().equals("N/A"))) {
      return new StderrRead(true, null);
    }
    if (node.isNumber() && Double.isFinite(node.doubleValue()) && node.doubleValue() >= 0) {
      return new StderrRead(true, node.doubleValue());
    }
    json.error(
        pointer,
        "a standard error must be a finite number >= 0, \"N/A\" or null, not "
            + Checked.describe(node));
    return new StderrRead(false, null);
  }

  /** {@code sample_count} of the row, else the sum of the group's leaves' {@code n-samples}. */
  private Long groupSamples(String group, String metricKey, String rowPointer, LmEvalTasks tasks) {
    String countPointer = rowPointer + "/sample_count";
    JsonNode count = json.node(countPointer);
    if (count != null && count.isObject() && count.has(metricKey)) {
      return positive(json.count(JsonDoc.pointer(countPointer, metricKey)));
    }
    if (count != null && count.isNumber()) {
      return positive(json.count(countPointer));
    }
    long sum = 0;
    for (String leaf : tasks.scoredLeaves(group, metricKey)) {
      Long n = tasks.leaf(leaf).numSamples();
      if (n == null) {
        return null;
      }
      sum += n;
    }
    return sum == 0 ? null : sum;
  }

  private static Long positive(Long n) {
    return n == null || n == 0 ? null : n;
  }

  /** Warns once per (task, filter) when the samples file's rows disagree with {@code n-samples}. */
  private void checkRows(LogSource samples, String task, String filter, LmEvalTasks.Leaf leaf) {
    String filterName = filter == null ? "" : filter;
    if (leaf.numSamples() == null || !rowCountsChecked.add(task + "\u0000" + filterName)) {
      return;
    }
    long rows = leaf.samples().rowsPerFilter().getOrDefault(filterName, 0L);
    if (rows != leaf.numSamples()) {
      context.warning(
          samples,
          rows
              + " rows have filter \""
              + filterName
              + "\" but "
              + file.baseName()
              + " gives "
              + leaf.numSamples()
              + " samples for "
              + task
              + " (n-samples/"
              + task
              + "/effective)");
    }
  }
}
