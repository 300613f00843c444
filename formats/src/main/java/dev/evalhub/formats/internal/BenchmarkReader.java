package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.FormatOptions;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.formats.model.InspectTask;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an {@code eval.yaml}: the benchmark's name, description, framework and tasks, the Inspect
 * AI task rules when the framework is {@code inspect-ai}, and the optional {@code evalhub} block.
 * Single use.
 */
public final class BenchmarkReader {

  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9/:._-]+");
  private static final String INSPECT_AI = "inspect-ai";

  private final FormatOptions options;
  private Problems problems;

  public BenchmarkReader(FormatOptions options) {
    this.options = options;
  }

  public Validated<Benchmark> read(YamlNode root, List<Diagnostic> earlier) {
    problems = new Problems(earlier);
    Optional<Fields> maybeFields = Fields.of(root, YamlPath.ROOT, problems, "eval.yaml");
    if (maybeFields.isEmpty()) {
      return Validated.failed(problems.all());
    }
    Fields fields = maybeFields.get();
    String name = fields.nonEmptyString("name", true);
    String description = fields.nonEmptyString("description", true);
    String framework = framework(fields);
    List<BenchmarkTask> tasks = tasks(fields, INSPECT_AI.equals(framework));
    Map<String, TaskSettings> settings =
        fields
            .node("evalhub")
            .map(
                node ->
                    new TaskSettingsReader(problems, options.frameworks())
                        .read(node, fields.path("evalhub"), tasks))
            .orElse(Map.of());
    fields.reportUnknownKeys(false, "; evalhub does not read it");
    return Validated.of(
        new Benchmark(name, description, framework, tasks, settings), problems.all());
  }

  private String framework(Fields fields) {
    String framework = fields.nonEmptyString("evaluation_framework", true);
    if (framework != null && !options.frameworks().contains(framework)) {
      problems.error(
          fields.node("evaluation_framework").orElseThrow(),
          fields.path("evaluation_framework"),
          "unknown evaluation_framework \""
              + framework
              + "\"; this hub accepts: "
              + String.join(", ", options.frameworks().stream().sorted().toList()));
    }
    return framework;
  }

  private List<BenchmarkTask> tasks(Fields fields, boolean inspect) {
    Optional<YamlNode> node = fields.required("tasks");
    if (node.isEmpty()) {
      return List.of();
    }
    YamlPath path = fields.path("tasks");
    Optional<Sequence> maybeList = fields.list(node.get(), path, "tasks");
    if (maybeList.isEmpty()) {
      return List.of();
    }
    Sequence list = maybeList.get();
    if (list.items().isEmpty()) {
      problems.error(list, path, "tasks must hold at least one task");
    }
    List<BenchmarkTask> tasks = new ArrayList<>();
    Map<String, Scalar> firstById = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      task(list.items().get(i), path.index(i), inspect, firstById).ifPresent(tasks::add);
    }
    return tasks;
  }

  private Optional<BenchmarkTask> task(
      YamlNode node, YamlPath path, boolean inspect, Map<String, Scalar> firstById) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "a task");
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    String id = fields.nonEmptyString("id", true);
    if (id != null) {
      Scalar idNode = (Scalar) fields.node("id").orElseThrow();
      if (!TASK_ID.matcher(id).matches()) {
        problems.error(
            idNode,
            fields.path("id"),
            "task id \"" + id + "\" may only hold letters, digits and / : . _ -");
        id = null;
      } else {
        Scalar first = firstById.putIfAbsent(id, idNode);
        if (first != null) {
          problems.error(
              idNode,
              fields.path("id"),
              "duplicate task id \""
                  + id
                  + "\" (first at "
                  + first.line()
                  + ":"
                  + first.column()
                  + ")");
          id = null;
        }
      }
    }
    String config = orDefault(fields.nonEmptyString("config", false), BenchmarkTask.DEFAULT_CONFIG);
    String split = orDefault(fields.nonEmptyString("split", false), BenchmarkTask.DEFAULT_SPLIT);
    InspectTask inspectTask = null;
    if (inspect) {
      inspectTask = new InspectTaskReader(problems).read(fields).orElse(null);
      fields.reportUnknownKeys(true, "; Inspect AI refuses unknown task keys");
    } else {
      fields.reportUnknownKeys(false, "; only inspect-ai tasks define it");
    }
    return id == null
        ? Optional.empty()
        : Optional.of(new BenchmarkTask(id, config, split, inspectTask));
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
