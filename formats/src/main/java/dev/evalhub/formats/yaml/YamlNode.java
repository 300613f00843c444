package dev.evalhub.formats.yaml;

import java.util.List;
import java.util.Optional;

/**
 * A node of a YAML document as evalhub reads it: a scalar, a mapping or a sequence, each with the
 * 1-based position where it starts. Immutable.
 *
 * <p>Scalars keep their exact source text and how YAML 1.2's core schema resolves them, so that a
 * field typed string can keep {@code 1234e56} as written while a field typed number can tell {@code
 * 20.9} from {@code "20.9"}.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  int line();

  int column();

  /**
   * A word for error messages: {@code string}, {@code number}, {@code boolean}, {@code null},
   * {@code mapping}, {@code list}.
   */
  String kindName();

  /** How the core schema resolves a scalar. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  /**
   * A scalar: its exact text, how it resolves, and whether it was quoted (quoted scalars are always
   * strings).
   */
  record Scalar(String text, ScalarType type, boolean quoted, int line, int column)
      implements YamlNode {
    @Override
    public String kindName() {
      return switch (type) {
        case STRING -> "string";
        case INTEGER, FLOAT -> "number";
        case BOOLEAN -> "boolean";
        case NULL -> "null";
      };
    }

    public boolean isNull() {
      return type == ScalarType.NULL;
    }
  }

  /** A mapping entry: the key scalar (keys are always scalars here) and its value. */
  record Entry(Scalar key, YamlNode value) {}

  /** A mapping, its entries in document order with unique keys. */
  record Mapping(List<Entry> entries, int line, int column) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    @Override
    public String kindName() {
      return "mapping";
    }

    public Optional<Entry> entry(String key) {
      for (Entry entry : entries) {
        if (entry.key().text().equals(key)) {
          return Optional.of(entry);
        }
      }
      return Optional.empty();
    }

    public Optional<YamlNode> get(String key) {
      return entry(key).map(Entry::value);
    }
  }

  /** A sequence, its items in order. */
  record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "list";
    }
  }
}
