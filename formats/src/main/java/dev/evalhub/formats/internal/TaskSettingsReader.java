package dev.evalhub.formats.internal;

import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.formats.model.TaskSettings.FrameworkSource;
import dev.evalhub.formats.model.TaskSettings.Metric;
import dev.evalhub.formats.model.TaskSettings.MetricKind;
import dev.evalhub.formats.model.TaskSettings.Range;
import dev.evalhub.formats.model.TaskSettings.TaskStatus;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code evalhub} block of {@code eval.yaml}: per-task metric, version, status, invalid
 * versions, reference methodology and framework sources. The block is evalhub's own, so unknown
 * keys in it are errors: a misspelt {@code higher_is_better} would silently turn a leaderboard
 * upside down.
 */
final class TaskSettingsReader {

  private final Problems problems;
  private final Set<String> frameworks;

  TaskSettingsReader(Problems problems, Set<String> frameworks) {
    this.problems = problems;
    this.frameworks = frameworks;
  }

  Map<String, TaskSettings> read(YamlNode node, YamlPath path, List<BenchmarkTask> tasks) {
    Map<String, TaskSettings> settings = new LinkedHashMap<>();
    Optional<Fields> block = Fields.of(node, path, problems, "evalhub");
    if (block.isEmpty()) {
      return settings;
    }
    Optional<Fields> taskBlock =
        block
            .get()
            .node("tasks")
            .flatMap(n -> Fields.of(n, path.key("tasks"), problems, "evalhub.tasks"));
    block.get().reportUnknownKeys(true, "; the evalhub block has only tasks");
    if (taskBlock.isEmpty()) {
      return settings;
    }
    for (Entry entry : taskBlock.get().mapping().entries()) {
      String id = entry.key().text();
      YamlPath at = path.key("tasks").key(id);
      if (tasks.stream().noneMatch(task -> task.id().equals(id))) {
        problems.error(
            entry.key(),
            at,
            "evalhub.tasks names \"" + id + "\", which is not the id of a task above");
      }
      task(entry.value(), at).ifPresent(value -> settings.put(id, value));
    }
    return settings;
  }

  private Optional<TaskSettings> task(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "task settings");
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    Metric metric =
        fields.node("metric").map(n -> metric(n, fields.path("metric"))).orElse(Metric.DEFAULT);
    String version = fields.nonEmptyString("version", false);
    TaskStatus status = status(fields);
    String reason = fields.nonEmptyString("status_reason", false);
    if (status != TaskStatus.ACTIVE && reason == null && !fields.has("status_reason")) {
      problems.error(
          fields.mapping(),
          path,
          "missing required key \"status_reason\": a task whose status is "
              + status.id()
              + " must say why");
    }
    List<String> invalid = invalidVersions(fields);
    Methodology reference =
        fields
            .node("reference")
            .flatMap(n -> new MethodologyReader(problems).read(n, fields.path("reference")))
            .orElse(null);
    List<FrameworkSource> sources = sources(fields);
    fields.reportUnknownKeys(true, "");
    return Optional.of(
        new TaskSettings(metric, version, status, reason, invalid, reference, sources));
  }

  private Metric metric(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "metric");
    if (maybeFields.isEmpty()) {
      return Metric.DEFAULT;
    }
    Fields fields = maybeFields.get();
    String name = fields.nonEmptyString("name", false);
    Boolean higherIsBetter = fields.optionalBoolean("higher_is_better");
    Range range =
        fields.node("range").map(n -> range(n, fields.path("range"), fields)).orElse(null);
    MetricKind kind = kind(fields);
    Double tolerance = tolerance(fields);
    fields.reportUnknownKeys(true, "");
    return new Metric(name, higherIsBetter == null || higherIsBetter, range, kind, tolerance);
  }

  /** {@code tolerance}: a non-negative finite number in the value's units, or null. */
  private Double tolerance(Fields fields) {
    Optional<YamlNode> node = fields.node("tolerance");
    if (node.isEmpty()) {
      return null;
    }
    Double value = fields.number(node.get(), fields.path("tolerance"), "tolerance");
    if (value != null && value < 0) {
      problems.error(
          node.get(),
          fields.path("tolerance"),
          "tolerance must be a non-negative number (an absolute difference in the value's units),"
              + " found "
              + Fields.describe(node.get()));
      return null;
    }
    return value;
  }

  private MetricKind kind(Fields fields) {
    String text = fields.nonEmptyString("kind", false);
    if (text == null) {
      return null;
    }
    for (MetricKind kind : MetricKind.values()) {
      if (kind.id().equals(text)) {
        return kind;
      }
    }
    problems.error(
        fields.node("kind").orElseThrow(),
        fields.path("kind"),
        "kind must be binary or continuous, found \"" + text + "\"");
    return null;
  }

  private Range range(YamlNode node, YamlPath path, Fields fields) {
    if (!(node instanceof Sequence list) || list.items().size() != 2) {
      problems.error(
          node,
          path,
          "range must be a list of two numbers [min, max], found " + Fields.describe(node));
      return null;
    }
    Double min = fields.number(list.items().get(0), path.index(0), "range[0]");
    Double max = fields.number(list.items().get(1), path.index(1), "range[1]");
    if (min == null || max == null) {
      return null;
    }
    if (min >= max) {
      problems.error(node, path, "range must have min < max, found [" + min + ", " + max + "]");
      return null;
    }
    return new Range(min, max);
  }

  private TaskStatus status(Fields fields) {
    String text = fields.nonEmptyString("status", false);
    if (text == null) {
      return TaskStatus.ACTIVE;
    }
    for (TaskStatus status : TaskStatus.values()) {
      if (status.id().equals(text)) {
        return status;
      }
    }
    problems.error(
        fields.node("status").orElseThrow(),
        fields.path("status"),
        "status must be active, deprecated or withdrawn, found \"" + text + "\"");
    return TaskStatus.ACTIVE;
  }

  private List<String> invalidVersions(Fields fields) {
    Optional<YamlNode> node = fields.node("invalid_versions");
    List<String> versions = new ArrayList<>();
    YamlPath path = fields.path("invalid_versions");
    Optional<Sequence> list = node.flatMap(n -> fields.list(n, path, "invalid_versions"));
    if (list.isEmpty()) {
      return versions;
    }
    for (int i = 0; i < list.get().items().size(); i++) {
      String version =
          fields.string(
              list.get().items().get(i), path.index(i), "invalid_versions[" + i + "]", true);
      if (version != null) {
        versions.add(version);
      }
    }
    return versions;
  }

  private List<FrameworkSource> sources(Fields fields) {
    List<FrameworkSource> sources = new ArrayList<>();
    YamlPath path = fields.path("sources");
    Optional<Sequence> list = fields.node("sources").flatMap(n -> fields.list(n, path, "sources"));
    if (list.isEmpty()) {
      return sources;
    }
    for (int i = 0; i < list.get().items().size(); i++) {
      source(list.get().items().get(i), path.index(i)).ifPresent(sources::add);
    }
    return sources;
  }

  private Optional<FrameworkSource> source(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "a source");
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    int errorsBefore = problems.errorCount();
    String framework = fields.nonEmptyString("framework", true);
    if (framework != null && !frameworks.contains(framework)) {
      problems.error(
          fields.node("framework").orElseThrow(),
          fields.path("framework"),
          "unknown framework \""
              + framework
              + "\"; this hub accepts: "
              + String.join(", ", frameworks.stream().sorted().toList()));
    }
    String task = fields.nonEmptyString("task", true);
    String metric = fields.nonEmptyString("metric", true);
    Double scale = fields.optionalNumber("scale");
    if (scale != null && !(scale > 0)) {
      problems.error(
          fields.node("scale").orElseThrow(),
          fields.path("scale"),
          "scale must be a positive number, found " + scale);
    }
    fields.reportUnknownKeys(true, "; a source has framework, task, metric and scale");
    if (problems.errorCount() > errorsBefore
        || framework == null
        || task == null
        || metric == null) {
      return Optional.empty();
    }
    return Optional.of(new FrameworkSource(framework, task, metric, scale == null ? 1 : scale));
  }
}
