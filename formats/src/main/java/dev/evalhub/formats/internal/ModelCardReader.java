package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.ModelCard.CardDataset;
import dev.evalhub.formats.model.ModelCard.CardMetric;
import dev.evalhub.formats.model.ModelCard.CardResult;
import dev.evalhub.formats.model.ModelCard.CardTask;
import dev.evalhub.formats.model.ModelCard.ModelIndex;
import dev.evalhub.formats.model.ResultEntry.Source;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.ScalarType;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads the legacy {@code model-index} of a model card's front matter, and checks its {@code
 * base_model} and {@code base_model_relation} ({@link BaseModelReader}: warnings only). Other front
 * matter keys are the card's own business and are not checked. A {@code verified} key is reported
 * as ignored: verification is computed. Single use.
 *
 * <p>It refuses (errors) only what the Hub's own model-index schema requires
 * ({@code @huggingface/hub} {@code ApiModelIndex}, {@code hub-docs/modelcard.md}): a list of items
 * with a {@code name} and a {@code results} list; each result with a {@code task} holding a {@code
 * type} and a {@code metrics} list; each metric a mapping with a {@code type} and a {@code value}
 * key; a {@code dataset}, when present, with {@code type} and {@code name}; a {@code source}, when
 * present, with a {@code url}. The Hub types a metric's value as unknown and the dataset as
 * optional, so a value that is not a number is a warning and kept as text, and a missing dataset is
 * fine.
 */
public final class ModelCardReader {

  private Problems problems;

  public Validated<ModelCard> read(YamlNode root, List<Diagnostic> earlier) {
    problems = new Problems(earlier);
    Optional<Fields> maybeFields = Fields.of(root, YamlPath.ROOT, problems, "the front matter");
    if (maybeFields.isEmpty()) {
      return Validated.failed(problems.all());
    }
    Fields card = maybeFields.get();
    BaseModelReader.read(card.mapping(), problems);
    List<ModelIndex> models =
        card.node("model-index")
            .map(node -> list(node, card.path("model-index"), "model-index", this::model))
            .orElse(List.of());
    return Validated.of(new ModelCard(models), problems.all());
  }

  private <T> List<T> list(
      YamlNode node, YamlPath path, String name, BiFunction<YamlNode, YamlPath, T> item) {
    List<T> items = new ArrayList<>();
    if (!(node instanceof Sequence list)) {
      problems.error(node, path, name + " must be a list, found " + Fields.describe(node));
      return items;
    }
    for (int i = 0; i < list.items().size(); i++) {
      T value = item.apply(list.items().get(i), path.index(i));
      if (value != null) {
        items.add(value);
      }
    }
    return items;
  }

  private ModelIndex model(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "a model-index item");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    String name = fields.nonEmptyString("name", true);
    List<CardResult> results =
        fields
            .required("results")
            .map(n -> list(n, fields.path("results"), "results", this::result))
            .orElse(List.of());
    fields.reportUnknownKeys(false, "");
    return name == null ? null : new ModelIndex(name, results);
  }

  private CardResult result(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "a model-index result");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    int errorsBefore = problems.errorCount();
    CardTask task = fields.required("task").map(n -> task(n, fields.path("task"))).orElse(null);
    CardDataset dataset =
        fields.node("dataset").map(n -> dataset(n, fields.path("dataset"))).orElse(null);
    List<CardMetric> metrics =
        fields
            .required("metrics")
            .map(n -> list(n, fields.path("metrics"), "metrics", this::metric))
            .orElse(List.of());
    Source source = fields.node("source").map(n -> source(n, fields.path("source"))).orElse(null);
    fields.reportUnknownKeys(false, "");
    return problems.errorCount() > errorsBefore
        ? null
        : new CardResult(task, dataset, metrics, source);
  }

  private CardTask task(YamlNode node, YamlPath path) {
    return Fields.of(node, path, problems, "task")
        .map(
            fields -> {
              String type = fields.nonEmptyString("type", true);
              String name = fields.optionalString("name");
              fields.reportUnknownKeys(false, "");
              return type == null ? null : new CardTask(type, name);
            })
        .orElse(null);
  }

  private CardDataset dataset(YamlNode node, YamlPath path) {
    return Fields.of(node, path, problems, "dataset")
        .map(
            fields -> {
              String type = fields.nonEmptyString("type", true);
              String name = fields.nonEmptyString("name", true);
              String config = fields.optionalString("config");
              String split = fields.optionalString("split");
              String revision = fields.optionalString("revision");
              Map<String, Object> args =
                  fields
                      .node("args")
                      .map(Fields::plain)
                      .map(ModelCardReader::argsMap)
                      .orElse(Map.of());
              fields.reportUnknownKeys(false, "");
              return type == null || name == null
                  ? null
                  : new CardDataset(type, name, config, split, revision, args);
            })
        .orElse(null);
  }

  private CardMetric metric(YamlNode node, YamlPath path) {
    return Fields.of(node, path, problems, "a metric")
        .map(
            fields -> {
              String type = fields.nonEmptyString("type", true);
              Optional<YamlNode> valueNode = fields.required("value");
              Double value = valueNode.flatMap(n -> finiteNumber(n)).orElse(null);
              String text =
                  valueNode.isEmpty() || value != null ? null : MetricText.of(valueNode.get());
              valueNode
                  .filter(n -> value == null)
                  .ifPresent(
                      n ->
                          problems.warning(
                              n,
                              fields.path("value"),
                              "value is not a number, found "
                                  + Fields.describe(n)
                                  + "; kept as text, never ranked"));
              String name = fields.optionalString("name");
              String config = fields.optionalString("config");
              String verifyToken = fields.nonEmptyString("verifyToken", false);
              fields.node("verified");
              fields
                  .mapping()
                  .entry("verified")
                  .ifPresent(
                      v ->
                          problems.warning(
                              v.key(),
                              fields.path("verified"),
                              "verified is ignored: evalhub computes verification from verifyToken"));
              fields.node("args");
              fields.reportUnknownKeys(false, "");
              return type == null || valueNode.isEmpty()
                  ? null
                  : new CardMetric(type, value, text, name, config, verifyToken);
            })
        .orElse(null);
  }

  /** An unquoted, finite YAML number; anything else is a value the Hub keeps too, shown as text. */
  private static Optional<Double> finiteNumber(YamlNode node) {
    if (node instanceof Scalar s
        && !s.quoted()
        && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT)) {
      double value = Fields.parseNumber(s);
      return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The Hub requires a {@code url} in a {@code source}; one that is not http(s) is kept (pages
   * never link it) with a warning, since the Hub types it as any string.
   */
  private Source source(YamlNode node, YamlPath path) {
    return Fields.of(node, path, problems, "source")
        .map(
            fields -> {
              String url = fields.nonEmptyString("url", true);
              if (url != null && !FieldRules.isHttpUrl(url)) {
                problems.warning(
                    fields.node("url").orElseThrow(),
                    fields.path("url"),
                    "source.url is not an http or https URL, found \""
                        + url
                        + "\"; it is never linked");
              }
              String name = fields.optionalString("name");
              fields.reportUnknownKeys(false, "");
              return url == null ? null : new Source(url, name, null, null);
            })
        .orElse(null);
  }

  /**
   * {@code args} may be a mapping or a single value (some cards write {@code args: en}); keep
   * either.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> argsMap(Object plain) {
    return plain instanceof Map<?, ?> map
        ? (Map<String, Object>) map
        : Map.of("value", plain == null ? "" : plain);
  }
}
