package dev.evalhub.importers.eee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One of the two JSON Schemas (draft-07) of Every Eval Ever 0.3.0, loaded from this package's
 * resources (verbatim copies; origin in {@code ORIGIN.md} next to them), and validation of a JSON
 * value against it with the networknt validator: each violation is a JSON pointer (RFC 6901) and a
 * message. Thread-safe; the two schemas are loaded once.
 */
public final class EeeSchema {

  /** The schema version these files define. */
  public static final String VERSION = "0.3.0";

  private static final EeeSchema AGGREGATE = load("eval.schema.json");
  private static final EeeSchema INSTANCE = load("instance_level_eval.schema.json");

  private final String name;
  private final Schema schema;

  private EeeSchema(String name, Schema schema) {
    this.name = name;
    this.schema = schema;
  }

  /** {@code eval.schema.json}: an aggregate record. */
  public static EeeSchema aggregate() {
    return AGGREGATE;
  }

  /** {@code instance_level_eval.schema.json}: one line of a {@code *_samples.jsonl} file. */
  public static EeeSchema instance() {
    return INSTANCE;
  }

  /** The schema's file name. */
  public String name() {
    return name;
  }

  /** One violation: where (a JSON pointer into the validated value, "" for the root) and what. */
  public record Violation(String pointer, String message) {}

  /**
   * Every violation of {@code value}, ordered by pointer (a value's own problems before those of
   * its members); empty when it validates. A number that is not finite ({@code NaN}, {@code
   * Infinity}: JSON has neither, Python writes both) is a violation of its own, and the schema is
   * not applied to a value that holds one (the validator cannot compare it with a bound).
   */
  public List<Violation> validate(JsonNode value) {
    List<Violation> nonFinite = new java.util.ArrayList<>();
    nonFinite(value, "", nonFinite);
    if (!nonFinite.isEmpty()) {
      return nonFinite;
    }
    List<Error> errors = schema.validate(value);
    return errors.stream()
        .map(e -> new Violation(pointer(e), message(e)))
        .distinct()
        .sorted(Comparator.comparing(Violation::pointer))
        .toList();
  }

  private static void nonFinite(JsonNode node, String pointer, List<Violation> found) {
    if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      found.add(new Violation(pointer, "a number must be finite, found " + node.asText()));
    } else if (node.isObject()) {
      for (var e : node.properties()) {
        nonFinite(
            e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        nonFinite(node.get(i), pointer + "/" + i, found);
      }
    }
  }

  private static String pointer(Error error) {
    String location = error.getInstanceLocation().toString();
    return location.equals("/") ? "" : location;
  }

  private static String message(Error error) {
    String message = error.getMessage();
    String location = error.getInstanceLocation().toString();
    // the validator may start its message with the location; the diagnostic names it already
    if (message.startsWith(location + ": ")) {
      message = message.substring(location.length() + 2);
    }
    return message;
  }

  private static EeeSchema load(String name) {
    JsonNode node;
    try (InputStream in = EeeSchema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing from the build");
      }
      node = JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource " + name, e);
    }
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ROOT)
            .formatAssertionsEnabled(false)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, builder -> builder.schemaRegistryConfig(config));
    return new EeeSchema(name, registry.getSchema(node));
  }
}
