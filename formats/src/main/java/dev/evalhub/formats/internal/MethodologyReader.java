package dev.evalhub.formats.internal;

import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.ScalarType;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code methodology} block of a result entry into the plain tree that its canonical JSON
 * is made of. Known keys are checked and typed (string fields keep their exact text, so {@code
 * task_version: 1} is the string "1"); other keys are kept as written. Numbers must be finite:
 * canonical JSON has no NaN.
 */
final class MethodologyReader {

  private static final List<String> STRING_KEYS =
      List.of(
          "framework",
          "framework_version",
          "task_version",
          "model_revision",
          "precision",
          "inference_engine",
          "command");

  private final Problems problems;

  MethodologyReader(Problems problems) {
    this.problems = problems;
  }

  Optional<Methodology> read(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "methodology");
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    int errorsBefore = problems.errorCount();
    Map<String, Object> tree = new LinkedHashMap<>();
    for (Entry entry : fields.mapping().entries()) {
      String key = entry.key().text();
      YamlPath at = path.key(key);
      Object value =
          STRING_KEYS.contains(key)
              ? fields.string(entry.value(), at, "methodology." + key, true)
              : known(key, entry.value(), at, fields);
      tree.put(key, value);
    }
    boolean failed = problems.errorCount() > errorsBefore;
    return failed ? Optional.empty() : Optional.of(new Methodology(tree));
  }

  private Object known(String key, YamlNode value, YamlPath at, Fields fields) {
    return switch (key) {
      case "num_fewshot" -> fields.integer(value, at, "methodology.num_fewshot", 0);
      case "seed" -> fields.integer(value, at, "methodology.seed", Long.MIN_VALUE);
      case "scoring" -> oneOf(value, at, "methodology.scoring", Methodology.SCORINGS, fields);
      case "prompt_sha256" -> sha256(value, at, "methodology.prompt_sha256", fields, false);
      case "chat_template" -> sha256(value, at, "methodology.chat_template", fields, true);
      case "generation" -> generation(value, at);
      default -> freeForm(value, at);
    };
  }

  /** A key the spec leaves open: kept as written, as long as canonical JSON can hold it. */
  private Object freeForm(YamlNode value, YamlPath at) {
    checkFinite(value, at);
    return Fields.plain(value);
  }

  private String oneOf(
      YamlNode value, YamlPath at, String name, List<String> allowed, Fields fields) {
    String text = fields.string(value, at, name, true);
    if (text != null && !allowed.contains(text)) {
      problems.error(
          value,
          at,
          name + " must be one of " + String.join(", ", allowed) + ", found \"" + text + "\"");
    }
    return text;
  }

  /** A SHA-256 in hex; {@code chat_template} may also be {@code none} or {@code applied}. */
  private String sha256(YamlNode value, YamlPath at, String name, Fields fields, boolean orWord) {
    String text = fields.string(value, at, name, true);
    if (text == null
        || FieldRules.isSha256(text)
        || (orWord && (text.equals("none") || text.equals("applied")))) {
      return text;
    }
    problems.error(
        value,
        at,
        name
            + " must be "
            + (orWord ? "none, applied or " : "")
            + "a SHA-256 of 64 hexadecimal digits, found \""
            + text
            + "\"");
    return text;
  }

  private Object generation(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "methodology.generation");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    Map<String, Object> tree = new LinkedHashMap<>();
    for (Entry entry : fields.mapping().entries()) {
      String key = entry.key().text();
      YamlNode value = entry.value();
      YamlPath at = path.key(key);
      String name = "methodology.generation." + key;
      Object typed =
          switch (key) {
            case "temperature" -> atLeast(fields.number(value, at, name), 0, value, at, name);
            case "top_p" -> fraction(fields.number(value, at, name), value, at, name);
            case "max_tokens" -> fields.integer(value, at, name, 1);
            case "top_k" -> fields.integer(value, at, name, 0);
            case "stop" -> stop(value, at, fields);
            default -> freeForm(value, at);
          };
      tree.put(key, typed);
    }
    return tree;
  }

  private Double atLeast(Double number, double min, YamlNode node, YamlPath at, String name) {
    if (number != null && number < min) {
      problems.error(node, at, name + " must be >= " + (long) min + ", found " + number);
    }
    return number;
  }

  private Double fraction(Double number, YamlNode node, YamlPath at, String name) {
    if (number != null && (number < 0 || number > 1)) {
      problems.error(node, at, name + " must be between 0 and 1, found " + number);
    }
    return number;
  }

  /** {@code stop} is one string or a list of strings. */
  private Object stop(YamlNode node, YamlPath at, Fields fields) {
    if (node instanceof Sequence list) {
      for (int i = 0; i < list.items().size(); i++) {
        fields.string(
            list.items().get(i), at.index(i), "methodology.generation.stop[" + i + "]", false);
      }
      return Fields.plain(node);
    }
    return fields.string(node, at, "methodology.generation.stop", false);
  }

  private void checkFinite(YamlNode node, YamlPath path) {
    if (node instanceof Scalar s
        && s.type() == ScalarType.FLOAT
        && !Double.isFinite(Fields.parseNumber(s))) {
      problems.error(node, path, "methodology values must be finite numbers, found " + s.text());
    } else if (node instanceof Mapping m) {
      for (Entry entry : m.entries()) {
        checkFinite(entry.value(), path.key(entry.key().text()));
      }
    } else if (node instanceof Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        checkFinite(seq.items().get(i), path.index(i));
      }
    }
  }
}
