package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.model.BaseModelRelation;
import dev.evalhub.formats.model.BaseModels;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.ScalarType;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model card's {@code base_model} and {@code base_model_relation} as the Hub's model card
 * conventions give them: {@code base_model} a model id (a string) or a list of model ids; {@code
 * base_model_relation} one of {@code adapter}, {@code merge}, {@code quantized}, {@code finetune}.
 * Anything else is a warning and is ignored (a card is never refused for its lineage): an item that
 * is not a string, an unknown relation (read as unknown). Stateless.
 */
public final class BaseModelReader {

  private BaseModelReader() {}

  /** The lineage of the front matter {@code card}, with its warnings added to {@code found}. */
  public static BaseModels read(Mapping card, List<Diagnostic> found) {
    Problems problems = new Problems(List.of());
    BaseModels read = read(card, problems);
    found.addAll(problems.all());
    return read;
  }

  static BaseModels read(Mapping card, Problems problems) {
    YamlPath at = YamlPath.ROOT.key("base_model");
    Optional<YamlNode> value = card.get("base_model");
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (value.isPresent() && !(value.get() instanceof Scalar s && s.isNull())) {
      if (value.get() instanceof Sequence list) {
        for (int i = 0; i < list.items().size(); i++) {
          id(list.items().get(i), at.index(i), problems).ifPresent(id -> add(id, ids, seen));
        }
      } else {
        id(value.get(), at, problems).ifPresent(id -> add(id, ids, seen));
      }
    }
    return new BaseModels(ids, relation(card, problems));
  }

  private static void add(String id, List<String> ids, Set<String> seen) {
    if (seen.add(id.toLowerCase(Locale.ROOT))) {
      ids.add(id);
    }
  }

  private static Optional<String> id(YamlNode node, YamlPath at, Problems problems) {
    if (node instanceof Scalar s && s.type() == ScalarType.STRING) {
      String id = s.text().strip();
      if (!id.isEmpty()) {
        return Optional.of(id);
      }
      problems.warning(node, at, "base_model is empty; it is ignored");
      return Optional.empty();
    }
    problems.warning(
        node,
        at,
        "base_model must be a model id (a string) or a list of model ids, found "
            + Fields.describe(node)
            + "; it is ignored");
    return Optional.empty();
  }

  private static BaseModelRelation relation(Mapping card, Problems problems) {
    Optional<YamlNode> value = card.get("base_model_relation");
    if (value.isEmpty() || value.get() instanceof Scalar s && s.isNull()) {
      return BaseModelRelation.UNKNOWN;
    }
    YamlNode node = value.get();
    Optional<BaseModelRelation> known =
        node instanceof Scalar s && s.type() == ScalarType.STRING
            ? BaseModelRelation.ofCard(s.text().strip())
            : Optional.empty();
    if (known.isEmpty()) {
      problems.warning(
          node,
          YamlPath.ROOT.key("base_model_relation"),
          "base_model_relation must be one of adapter, merge, quantized, finetune, found "
              + Fields.describe(node)
              + "; the relation is shown as unknown");
    }
    return known.orElse(BaseModelRelation.UNKNOWN);
  }
}
