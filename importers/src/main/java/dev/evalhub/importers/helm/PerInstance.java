package dev.evalhub.importers.helm;

import static dev.evalhub.importers.internal.NodeValues.describe;
import static dev.evalhub.importers.internal.NodeValues.isFinite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-instance stats of a run ({@code per_instance_stats.json}): for a metric, the number of
 * test instances and the standard error of their mean. An instance evaluated in several train
 * trials counts once, with the mean of its trials.
 */
final class PerInstance {

  static final PerInstance NONE = new PerInstance(null, null, null);

  private final LogSource file;
  private final JsonDoc doc;
  private final ImportContext context;

  private PerInstance(LogSource file, JsonDoc doc, ImportContext context) {
    this.file = file;
    this.doc = doc;
    this.context = context;
  }

  static PerInstance of(LogSource file, JsonDoc doc, ImportContext context) {
    if (!doc.root().isArray()) {
      context.error(
          file,
          "",
          doc,
          "",
          "per_instance_stats.json is "
              + describe(doc.root())
              + ", not a list of per-instance stats");
      return NONE;
    }
    return new PerInstance(file, doc, context);
  }

  /** How many instances and the standard error (null under two instances). */
  record Summary(long instances, Double stderr) {}

  /**
   * The test instances of {@code metric} and {@code std(ddof=1) / sqrt(n)} of their values; a value
   * that is not a finite number is a warning and left out.
   */
  Summary summary(String metric) {
    if (doc == null) {
      return new Summary(0, null);
    }
    Map<String, double[]> byInstance = new LinkedHashMap<>();
    JsonNode items = doc.root();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String instance = item.path("instance_id").asText(null);
      JsonNode stats = item.path("stats");
      for (int j = 0; j < stats.size(); j++) {
        JsonNode stat = stats.get(j);
        if (instance == null || !Metrics.isPlain(stat.path("name"), metric, HelmRun.SPLIT)) {
          continue;
        }
        JsonNode mean = stat.path("mean");
        if (!isFinite(mean)) {
          context.warning(
              file,
              "",
              doc,
              JsonDoc.pointer(JsonDoc.pointer(JsonDoc.pointer("/" + i, "stats"), j), "mean"),
              "the mean of "
                  + metric
                  + " for instance "
                  + instance
                  + " is "
                  + describe(mean)
                  + ", not a finite number; the instance is left out of the standard error");
          continue;
        }
        double[] sumAndCount = byInstance.computeIfAbsent(instance, k -> new double[2]);
        sumAndCount[0] += mean.asDouble();
        sumAndCount[1]++;
      }
    }
    int n = byInstance.size();
    if (n < 2) {
      return new Summary(n, null);
    }
    double total = 0;
    for (double[] v : byInstance.values()) {
      total += v[0] / v[1];
    }
    double average = total / n;
    double squares = 0;
    for (double[] v : byInstance.values()) {
      double d = v[0] / v[1] - average;
      squares += d * d;
    }
    return new Summary(n, Math.sqrt(squares / (n - 1)) / Math.sqrt(n));
  }
}
