package dev.evalhub.importers.helm;

import static dev.evalhub.importers.internal.NodeValues.describe;
import static dev.evalhub.importers.internal.NodeValues.integer;
import static dev.evalhub.importers.internal.NodeValues.isFinite;
import static dev.evalhub.importers.internal.NodeValues.nonBlank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HELM run folder read into its results. */
final class HelmRun {

  /** The split whose stats are the run's results. */
  static final String SPLIT = "test";

  private final String folder;
  private final Map<String, LogSource> files;
  private final ImportContext context;

  HelmRun(String folder, Map<String, LogSource> files, ImportContext context) {
    this.folder = folder;
    this.files = files;
    this.context = context;
  }

  void read() {
    LogSource runSpecFile = files.get(HelmReader.RUN_SPEC);
    LogSource statsFile = files.get(HelmReader.STATS);
    if (runSpecFile == null || statsFile == null) {
      String missing = runSpecFile == null ? HelmReader.RUN_SPEC : HelmReader.STATS;
      for (LogSource file : files.values()) {
        context.error(
            file,
            missing
                + " is missing from the HELM run folder "
                + (folder.isEmpty() ? "(the top level)" : folder)
                + ": a run is read from run_spec.json and stats.json together");
      }
      return;
    }
    Optional<JsonDoc> runSpec = context.readJson(runSpecFile);
    Optional<JsonDoc> stats = context.readJson(statsFile);
    if (runSpec.isEmpty() || stats.isEmpty()) {
      return;
    }
    JsonNode spec = runSpec.get().root();
    JsonNode adapter = spec.path("adapter_spec");
    if (!adapter.isObject()) {
      context.error(
          runSpecFile,
          "",
          runSpec.get(),
          adapter.isMissingNode() ? "" : "/adapter_spec",
          "\"adapter_spec\" is " + describe(adapter) + ", not an object");
      return;
    }
    String name = nonBlank(spec.path("name"));
    if (name == null) {
      context.error(
          runSpecFile,
          "",
          runSpec.get(),
          spec.has("name") ? "/name" : "",
          "the run has no \"name\" (a string such as mmlu:subject=philosophy,model=openai_gpt2)");
      return;
    }
    if (!stats.get().root().isArray()) {
      context.error(
          statsFile,
          "",
          stats.get(),
          "",
          "stats.json is " + describe(stats.get().root()) + ", not a list of stats");
      return;
    }
    PerInstance perInstance = perInstance();
    Methodology methodology = HelmMethodology.of(adapter);
    String task = task(name);
    String date = date();
    String model = nonBlank(adapter.path("model"));
    DetailsFile details = details(name);
    List<String> metrics = Metrics.exposed(spec.path("metric_specs"));
    boolean any = false;
    for (String metric : metrics) {
      Optional<Double> value = mean(statsFile, stats.get(), metric);
      if (value.isEmpty()) {
        continue;
      }
      any = true;
      PerInstance.Summary summary = perInstance.summary(metric);
      Long numSamples = summary.instances() > 0 ? summary.instances() : numInstances(stats.get());
      context.add(
          new LogResult(
              statsFile.name(),
              HelmReader.FRAMEWORK,
              task,
              metric,
              value.get(),
              summary.stderr(),
              numSamples,
              date,
              model,
              methodology,
              details));
    }
    if (!any && !context.hasErrors(statsFile)) {
      context.error(
          statsFile,
          "no "
              + SPLIT
              + "-split stat without perturbation of any metric this reader takes ("
              + String.join(", ", metrics)
              + ")");
    }
  }

  /**
   * The {@code mean} of the stat named {@code metric} on the test split without perturbation or
   * sub-split; empty when there is none (or it is not a finite number: an error).
   */
  private Optional<Double> mean(LogSource file, JsonDoc doc, String metric) {
    JsonNode stats = doc.root();
    for (int i = 0; i < stats.size(); i++) {
      JsonNode stat = stats.get(i);
      if (!Metrics.isPlain(stat.path("name"), metric, SPLIT)) {
        continue;
      }
      if (stat.path("count").isNumber() && stat.path("count").asLong() == 0) {
        return Optional.empty();
      }
      JsonNode mean = stat.path("mean");
      if (!isFinite(mean)) {
        context.error(
            file,
            "",
            doc,
            JsonDoc.pointer(JsonDoc.pointer("", i), "mean"),
            "the mean of "
                + metric
                + " ("
                + SPLIT
                + ") is "
                + describe(mean)
                + ", not a finite number");
        return Optional.empty();
      }
      return Optional.of(mean.asDouble());
    }
    return Optional.empty();
  }

  /** The {@code num_instances} stat of the test split, when per-instance stats are not given. */
  private static Long numInstances(JsonDoc stats) {
    for (JsonNode stat : stats.root()) {
      if (Metrics.isPlain(stat.path("name"), "num_instances", SPLIT)) {
        Long count = integer(stat.path("mean"));
        return count != null && count > 0 ? count : null;
      }
    }
    return null;
  }

  private PerInstance perInstance() {
    LogSource file = files.get(HelmReader.PER_INSTANCE_STATS);
    if (file == null) {
      return PerInstance.NONE;
    }
    return context
        .readJson(file)
        .map(doc -> PerInstance.of(file, doc, context))
        .orElse(PerInstance.NONE);
  }

  private DetailsFile details(String runName) {
    LogSource file = files.get(HelmReader.PER_INSTANCE_STATS);
    if (file == null || context.hasErrors(file)) {
      return null;
    }
    return context
        .sha256(file)
        .map(
            sha ->
                new DetailsFile(
                    file,
                    DetailsFile.FOLDER
                        + "helm_"
                        + runName.replaceAll("[^A-Za-z0-9._-]", "_")
                        + "_per_instance_stats.json",
                    sha,
                    file.size(),
                    "helm-per-instance"))
        .orElse(null);
  }

  /**
   * The earliest {@code request_states[].result.request_datetime} (epoch seconds) of {@code
   * scenario_state.json}, as ISO-8601 UTC; null when the file is not given or states none.
   */
  private String date() {
    LogSource file = files.get(HelmReader.SCENARIO_STATE);
    if (file == null) {
      return null;
    }
    if (file.size() > context.limits().maxDocumentBytes()) {
      context.warning(
          file,
          "larger than "
              + context.limits().maxDocumentBytes()
              + " bytes, the limit for a document; the run's date is not read from it");
      return null;
    }
    Optional<JsonDoc> doc = context.readJson(file);
    Long earliest = null;
    JsonNode states =
        doc.map(d -> d.root().path("request_states")).orElse(MissingNode.getInstance());
    for (JsonNode state : states) {
      Long at = integer(state.path("result").path("request_datetime"));
      if (at != null && at > 0 && (earliest == null || at < earliest)) {
        earliest = at;
      }
    }
    return earliest == null ? null : Instant.ofEpochSecond(earliest).toString();
  }

  /**
   * The run name without its {@code model=} and {@code model_deployment=} arguments: {@code
   * mmlu:subject=philosophy,method=multiple_choice_joint,model=openai_gpt2} → {@code
   * mmlu:subject=philosophy,method=multiple_choice_joint}, so that runs of one task on several
   * models name the same task.
   */
  static String task(String runName) {
    int colon = runName.indexOf(':');
    if (colon < 0) {
      return runName;
    }
    List<String> kept = new ArrayList<>();
    for (String argument : runName.substring(colon + 1).split(",")) {
      if (!argument.startsWith("model=") && !argument.startsWith("model_deployment=")) {
        kept.add(argument);
      }
    }
    String scenario = runName.substring(0, colon);
    return kept.isEmpty() ? scenario : scenario + ":" + String.join(",", kept);
  }
}
