package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.importers.JsonDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The task-level facts of one results file: per leaf task its {@code configs}, {@code versions},
 * {@code n-shot}, {@code n-samples} and {@code task_hashes} entries (and the samples file's
 * summary), per group its subtasks; and from them the methodology of each (task, metric, filter).
 * Each fact is read (and each wrong type reported) once. Not thread-safe.
 */
final class LmEvalTasks {

  /** The methodology keys in the order they are shown; others follow. */
  private static final List<String> ORDER =
      List.of(
          "framework",
          "framework_version",
          "task_version",
          "num_fewshot",
          "scoring",
          "prompt_sha256",
          "chat_template",
          "generation",
          "model_revision",
          "precision",
          "inference_engine",
          "seed",
          "filter",
          "limit",
          "fewshot_as_multiturn",
          "task_hash");

  /** What one leaf task's entries say. */
  record Leaf(
      String outputType,
      Scoring.Choices choices,
      Map<String, Object> keys,
      Long numSamples,
      SamplesScan.Summary samples) {}

  private final Checked json;
  private final LmEvalRun run;
  private final boolean legacy;
  private final Function<String, SamplesScan.Summary> samples;
  private final Map<String, Leaf> leaves = new HashMap<>();
  private final Map<String, List<String>> subtasks = new HashMap<>();

  LmEvalTasks(
      Checked json, LmEvalRun run, boolean legacy, Function<String, SamplesScan.Summary> samples) {
    this.json = json;
    this.run = run;
    this.legacy = legacy;
    this.samples = samples;
  }

  /** The subtasks a group names in {@code group_subtasks} ({@code []} for a plain task). */
  List<String> subtasks(String task) {
    return subtasks.computeIfAbsent(
        task,
        t -> {
          String pointer = JsonDoc.pointer("/group_subtasks", t);
          JsonNode list = json.array(pointer);
          List<String> names = new ArrayList<>();
          if (list != null) {
            for (int i = 0; i < list.size(); i++) {
              if (list.get(i).isTextual()) {
                names.add(list.get(i).textValue());
              } else {
                json.error(JsonDoc.pointer(pointer, i), "a subtask name must be a string");
              }
            }
          }
          return names;
        });
  }

  boolean isGroup(String task) {
    return !legacy && !subtasks(task).isEmpty();
  }

  /** The leaf tasks under a group, depth first, each once. */
  List<String> leavesOf(String group) {
    Set<String> found = new LinkedHashSet<>();
    collect(group, found, new java.util.HashSet<>());
    return List.copyOf(found);
  }

  private void collect(String task, Set<String> found, Set<String> visiting) {
    if (!visiting.add(task)) {
      return;
    }
    for (String sub : subtasks(task)) {
      if (subtasks(sub).isEmpty()) {
        found.add(sub);
      } else {
        collect(sub, found, visiting);
      }
    }
  }

  Leaf leaf(String task) {
    Leaf known = leaves.get(task);
    if (known == null) {
      known = readLeaf(task);
      leaves.put(task, known);
    }
    return known;
  }

  private Leaf readLeaf(String task) {
    Map<String, Object> keys = new LinkedHashMap<>();
    JsonNode version = json.node(JsonDoc.pointer("/versions", task));
    if (version != null) {
      if (version.isTextual() || version.isNumber()) {
        keys.put("task_version", version.asText());
      } else {
        json.error(
            JsonDoc.pointer("/versions", task),
            "a task version must be a number or a string, not " + Checked.describe(version));
      }
    }
    Long shots =
        legacy ? json.count("/config/num_fewshot") : json.count(JsonDoc.pointer("/n-shot", task));
    if (shots != null) {
      keys.put("num_fewshot", shots);
    }
    String configPointer = JsonDoc.pointer("/configs", task);
    JsonNode config = legacy ? null : json.object(configPointer);
    String outputType = null;
    Scoring.Choices choices = Scoring.Choices.UNKNOWN;
    if (config != null) {
      outputType = json.text(configPointer + "/output_type");
      choices = Scoring.fromDocToChoice(config.get("doc_to_choice"));
      keys.put(
          "prompt_sha256",
          PromptHash.of(config, run.systemInstruction(), run.systemInstructionSha()));
      if ("generate_until".equals(outputType)) {
        Map<String, Object> generation = generation(configPointer + "/generation_kwargs");
        if (!generation.isEmpty()) {
          keys.put("generation", generation);
        }
      }
    }
    String taskHash = legacy ? null : json.text(JsonDoc.pointer("/task_hashes", task));
    if (taskHash != null) {
      keys.put("task_hash", taskHash);
    }
    Long effective = legacy ? null : json.count(JsonDoc.pointer("/n-samples", task) + "/effective");
    SamplesScan.Summary summary = samples.apply(task);
    choices = Scoring.decide(summary == null ? null : summary.choices(), choices);
    return new Leaf(
        outputType, choices, keys, effective == null || effective == 0 ? null : effective, summary);
  }

  /** {@code generation_kwargs} of the task overridden by the run's {@code gen_kwargs}. */
  private Map<String, Object> generation(String pointer) {
    Map<String, Object> generation = new LinkedHashMap<>();
    JsonNode kwargs = json.object(pointer);
    Generation.putAll(generation, KeyValueArgs.of(kwargs));
    Generation.putAll(generation, run.genKwargs());
    return generation;
  }

  /** The methodology of {@code metric} (without filter) under {@code filter} (null: legacy). */
  Map<String, Object> methodology(String task, String metric, String filter, String metricKey) {
    Map<String, Object> fields = new LinkedHashMap<>(run.methodology());
    if (isGroup(task)) {
      fields.putAll(groupKeys(task, metric, metricKey));
    } else {
      Leaf leaf = leaf(task);
      fields.putAll(leaf.keys());
      putIfNotNull(fields, "scoring", Scoring.of(leaf.outputType(), leaf.choices(), metric));
    }
    putIfNotNull(fields, "filter", filter);
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String key : ORDER) {
      if (fields.containsKey(key)) {
        ordered.put(key, fields.remove(key));
      }
    }
    ordered.putAll(fields);
    return ordered;
  }

  private Map<String, Object> groupKeys(String group, String metric, String metricKey) {
    Map<String, Object> keys = new LinkedHashMap<>();
    JsonNode version = json.node(JsonDoc.pointer("/versions", group));
    if (version != null && (version.isTextual() || version.isNumber())) {
      keys.put("task_version", version.asText());
    }
    List<String> members = scoredLeaves(group, metricKey);
    Long shots = json.count(JsonDoc.pointer("/n-shot", group));
    Object agreedShots = shots != null ? shots : agreed(members, l -> l.keys().get("num_fewshot"));
    putIfNotNull(keys, "num_fewshot", agreedShots);
    List<String> scorings = new ArrayList<>();
    for (String member : members) {
      Leaf leaf = leaf(member);
      scorings.add(Scoring.of(leaf.outputType(), leaf.choices(), metric));
    }
    if (!scorings.isEmpty() && !scorings.contains(null)) {
      keys.put("scoring", scorings.stream().distinct().count() == 1 ? scorings.get(0) : "other");
    }
    Map<String, Object> prompts = new LinkedHashMap<>();
    for (String member : members) {
      prompts.put(member, leaf(member).keys().get("prompt_sha256"));
    }
    if (!prompts.isEmpty() && !prompts.containsValue(null)) {
      keys.put("prompt_sha256", CanonicalJson.sha256Hex(Map.of("subtasks", prompts)));
    }
    putIfNotNull(keys, "generation", agreed(members, l -> l.keys().get("generation")));
    return keys;
  }

  /** The group's leaves that report {@code metricKey}, or all its leaves when none does. */
  List<String> scoredLeaves(String group, String metricKey) {
    List<String> all = leavesOf(group);
    List<String> scored = new ArrayList<>();
    for (String member : all) {
      JsonNode row = json.node(JsonDoc.pointer("/results", member));
      if (row != null && row.has(metricKey)) {
        scored.add(member);
      }
    }
    return scored.isEmpty() ? all : scored;
  }

  private Object agreed(List<String> members, Function<Leaf, Object> key) {
    Object first = null;
    for (int i = 0; i < members.size(); i++) {
      Object value = key.apply(leaf(members.get(i)));
      if (value == null || (i > 0 && !Objects.equals(value, first))) {
        return null;
      }
      first = value;
    }
    return first;
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
