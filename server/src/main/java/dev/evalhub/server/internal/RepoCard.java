package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.evalhub.domain.RepoType;
import dev.evalhub.server.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A repository's card as the Hub's API shows it: the front matter of its {@code README.md} as a
 * JSON tree ({@code cardData}), and the fields the Hub lifts from it: {@code model-index}, {@code
 * pipeline_tag}, {@code library_name} and the card's tags. The tree is made once, when the card is
 * read, keeps the card's nulls ({@code value: null}: the Python client reads {@code
 * metrics[].value} as a required key) and is never changed afterwards, so one card serves
 * concurrent requests. Immutable.
 */
record RepoCard(Optional<JsonNode> json) {

  static final RepoCard NONE = new RepoCard(Optional.empty());

  /** The card of a front matter read as plain values (or none). */
  static RepoCard of(Optional<Map<String, Object>> data) {
    return new RepoCard(data.map(Json::tree));
  }

  /**
   * The front matter's {@code model-index} as JSON: a JSON null when it has none, as the Hub sends
   * it.
   */
  JsonNode modelIndexJson() {
    return json.map(tree -> tree.get("model-index")).orElse(NullNode.getInstance());
  }

  /** A string-valued front matter key, or empty. */
  Optional<String> string(String key) {
    return json.map(tree -> tree.get(key))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  /**
   * The tags the Hub computes from a card: its {@code tags}, the {@code library_name} and {@code
   * pipeline_tag} of a model, {@code license:L}, {@code base_model:B} for each base model and
   * {@code dataset:D} for each training dataset of a model; then {@code derived} (evalhub's own).
   * In that order, without repeats.
   */
  List<String> tags(RepoType type, List<String> derived) {
    Set<String> tags = new LinkedHashSet<>(strings("tags"));
    if (type == RepoType.MODEL) {
      string("library_name").ifPresent(tags::add);
      string("pipeline_tag").ifPresent(tags::add);
    }
    strings("license").forEach(license -> tags.add("license:" + license));
    if (type == RepoType.MODEL) {
      strings("base_model").forEach(base -> tags.add("base_model:" + base));
      strings("datasets").forEach(dataset -> tags.add("dataset:" + dataset));
    }
    tags.addAll(derived);
    return List.copyOf(tags);
  }

  /**
   * A key holding a string or a list of strings; other values are ignored, as they say nothing the
   * Hub tags.
   */
  private List<String> strings(String key) {
    JsonNode value = json.map(tree -> tree.get(key)).orElse(null);
    List<String> strings = new ArrayList<>();
    for (JsonNode item :
        value == null ? List.<JsonNode>of() : value.isArray() ? value : List.of(value)) {
      if (item.isTextual() && !item.asText().isBlank()) {
        strings.add(item.asText());
      }
    }
    return strings;
  }
}
