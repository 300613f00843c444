package dev.evalhub.server.internal;

import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageFold;
import dev.evalhub.domain.lineage.LineageNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lineage in evalhub's JSON: {@code {model, parents, children, truncated}}, each node {@code {id,
 * relation, onHub, parents|children}} (relation {@code adapter}, {@code merge}, {@code quantized},
 * {@code finetune} or {@code unknown}); and a leaderboard's rows folded by lineage, each row with
 * {@code foldLevel} and, when folded, {@code derivedFrom: {modelId, relation, generations}}.
 * Stateless.
 */
final class LineageJson {

  private LineageJson() {}

  /** The body of {@code GET /api/models/{ns}/{name}/lineage}. */
  static Map<String, Object> lineage(Lineage lineage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", lineage.model().fullName());
    json.put("parents", nodes(lineage.parents(), "parents"));
    json.put("children", nodes(lineage.children(), "children"));
    json.put("truncated", lineage.truncated());
    return json;
  }

  private static List<Map<String, Object>> nodes(List<LineageNode> nodes, String next) {
    return nodes.stream()
        .map(
            node -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("id", node.id());
              json.put("relation", node.relation().id());
              json.put("onHub", node.onHub());
              json.put(next, nodes(node.next(), next));
              return json;
            })
        .toList();
  }

  /** A leaderboard's {@code entries} in folded order, each with its fold. */
  static List<Map<String, Object>> foldedEntries(LineageFold fold) {
    return fold.rows().stream()
        .map(
            row -> {
              Map<String, Object> json = LeaderboardJson.entry(row.entry());
              json.put("foldLevel", row.level());
              row.derivedFrom()
                  .ifPresent(
                      d -> {
                        Map<String, Object> from = new LinkedHashMap<>();
                        from.put("modelId", d.base().fullName());
                        from.put("relation", d.relation().id());
                        from.put("generations", d.generations());
                        json.put("derivedFrom", from);
                      });
              return json;
            })
        .toList();
  }
}
