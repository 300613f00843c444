package dev.evalhub.formats.internal;

import dev.evalhub.formats.model.InspectTask;
import dev.evalhub.formats.model.InspectTask.Component;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the Inspect AI part of an {@code inspect-ai} task as Inspect's own reader does: {@code
 * field_spec}, {@code solvers} and {@code scorers} go together, names come from Inspect's registry,
 * and the optional {@code shuffle_choices}, {@code epochs} and {@code epoch_reducer} are typed.
 */
final class InspectTaskReader {

  static final List<String> SOLVERS =
      List.of(
          "prompt_template",
          "system_message",
          "user_message",
          "chain_of_thought",
          "use_tools",
          "generate",
          "self_critique",
          "multiple_choice");
  static final List<String> SCORERS =
      List.of(
          "includes",
          "match",
          "pattern",
          "answer",
          "exact",
          "f1",
          "model_graded_qa",
          "model_graded_fact",
          "choice",
          "math");
  private static final Pattern EPOCH_REDUCER =
      Pattern.compile("pass_at_[1-9][0-9]*|at_least_[1-9][0-9]*|max|mode" + "|median|mean");
  private static final List<String> DEFINITION = List.of("field_spec", "solvers", "scorers");

  private final Problems problems;

  InspectTaskReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * The Inspect task of {@code task}, or empty when it gives none of the three (a warning) or has
   * errors.
   */
  Optional<InspectTask> read(Fields task) {
    Boolean shuffle = task.optionalBoolean("shuffle_choices");
    Long epochs = task.optionalInteger("epochs", 1);
    String reducer = task.optionalString("epoch_reducer");
    if (reducer != null && !EPOCH_REDUCER.matcher(reducer).matches()) {
      problems.error(
          task.node("epoch_reducer").orElseThrow(),
          task.path("epoch_reducer"),
          "epoch_reducer must be pass_at_N, at_least_N, max, mode, median or mean, found \""
              + reducer
              + "\"");
    }
    List<String> given = DEFINITION.stream().filter(task::has).toList();
    if (given.isEmpty()) {
      problems.warning(
          task.mapping(),
          task.path(),
          "this inspect-ai task has no field_spec, solvers or scorers; Inspect AI cannot run it");
      return Optional.empty();
    }
    for (String key : DEFINITION) {
      if (!task.has(key)) {
        problems.error(
            task.mapping(),
            task.path(),
            "missing required key \""
                + key
                + "\": an inspect-ai task that gives "
                + String.join(" or ", given)
                + " needs field_spec, solvers"
                + " and scorers");
      }
    }
    Map<String, Object> fieldSpec =
        task.node("field_spec")
            .flatMap(node -> Fields.of(node, task.path("field_spec"), problems, "field_spec"))
            .map(fields -> asMap(Fields.plain(fields.mapping())))
            .orElse(Map.of());
    List<Component> solvers = components(task, "solvers", "solver", SOLVERS);
    List<Component> scorers = components(task, "scorers", "scorer", SCORERS);
    return Optional.of(
        new InspectTask(
            fieldSpec,
            solvers,
            scorers,
            shuffle,
            epochs == null ? null : Math.toIntExact(Math.min(epochs, Integer.MAX_VALUE)),
            reducer));
  }

  private List<Component> components(Fields task, String key, String what, List<String> names) {
    Optional<YamlNode> node = task.node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    YamlPath path = task.path(key);
    Optional<Sequence> maybeList = task.list(node.get(), path, key);
    if (maybeList.isEmpty()) {
      return List.of();
    }
    Sequence list = maybeList.get();
    if (list.items().isEmpty()) {
      problems.error(list, path, key + " must hold at least one " + what);
    }
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      Optional<Fields> maybeFields =
          Fields.of(list.items().get(i), path.index(i), problems, "a " + what);
      if (maybeFields.isEmpty()) {
        continue;
      }
      Fields fields = maybeFields.get();
      String name = fields.nonEmptyString("name", true);
      if (name != null && !names.contains(name)) {
        problems.error(
            fields.node("name").orElseThrow(),
            fields.path("name"),
            "unknown " + what + " \"" + name + "\"; Inspect AI knows " + String.join(", ", names));
      }
      Map<String, Object> args =
          fields
              .node("args")
              .flatMap(n -> Fields.of(n, fields.path("args"), problems, what + " args"))
              .map(f -> asMap(Fields.plain(f.mapping())))
              .orElse(Map.of());
      fields.reportUnknownKeys(true, "; a " + what + " has only name and args");
      if (name != null) {
        components.add(new Component(name, args));
      }
    }
    return components;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object plainMapping) {
    return (Map<String, Object>) plainMapping;
  }
}
