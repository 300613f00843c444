package dev.evalhub.index.internal;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.lineage.DerivedFrom;
import dev.evalhub.domain.lineage.Descendant;
import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageNode;
import dev.evalhub.formats.model.BaseModelRelation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks the {@code model_lineage} table: a model's ancestors and descendants as trees, its
 * descendants as a list, a model's nearest ancestor among some. Every walk stops at {@link
 * Lineage#MAX_DEPTH} levels and {@link Lineage#MAX_NODES} nodes and never enters a model twice on
 * one path, so a cycle in the cards cannot loop. Single use (it counts the nodes of one walk).
 */
public final class LineageWalk {

  /** One {@code base_model} edge read from the table, seen from either end. */
  private record Edge(
      String id,
      String key,
      Optional<RepoId> model,
      boolean isPrivate,
      BaseModelRelation relation) {}

  private final Connection c;
  private final Predicate<RepoId> readable;
  private final Map<RepoId, Boolean> decided = new HashMap<>();

  /** The parents read so far (a fold asks for the same ancestors row after row). */
  private final Map<String, List<Edge>> parentsRead = new HashMap<>();

  private boolean allParentsRead;

  private int nodes;
  private boolean truncated;

  /**
   * A walk over {@code c} that enters a private model only when {@code readable} says the caller
   * may read it.
   */
  public LineageWalk(Connection c, Predicate<RepoId> readable) {
    this.c = c;
    this.readable = readable;
  }

  /** The lineage of {@code model} as the caller may see it (see {@link LineageNode}). */
  public Lineage lineage(RepoId model) throws SQLException {
    String key = IndexKey.of(model).value();
    nodes = 0;
    List<LineageNode> parents = up(key, 1, new HashSet<>(Set.of(key)));
    nodes = 0;
    List<LineageNode> children = down(key, 1, new HashSet<>(Set.of(key)));
    return new Lineage(model, parents, children, truncated);
  }

  private List<LineageNode> up(String key, int depth, Set<String> path) throws SQLException {
    List<LineageNode> level = new ArrayList<>();
    for (Edge edge : parents(key)) {
      if (nodes >= Lineage.MAX_NODES) {
        truncated = true;
        break;
      }
      nodes++;
      if (!visible(edge)) {
        // Off the hub, or private and not the caller's: the two read the same, as the card wrote
        // it.
        level.add(new LineageNode(edge.id(), Optional.empty(), edge.relation(), List.of()));
        continue;
      }
      List<LineageNode> next = List.of();
      if (!path.contains(edge.key())) {
        if (depth < Lineage.MAX_DEPTH) {
          path.add(edge.key());
          next = up(edge.key(), depth + 1, path);
          path.remove(edge.key());
        } else if (!parents(edge.key()).isEmpty()) {
          truncated = true;
        }
      }
      level.add(
          new LineageNode(
              edge.model().orElseThrow().fullName(), edge.model(), edge.relation(), next));
    }
    return level;
  }

  private List<LineageNode> down(String key, int depth, Set<String> path) throws SQLException {
    List<LineageNode> level = new ArrayList<>();
    for (Edge edge : children(key)) {
      if (!visible(edge)) {
        continue;
      }
      if (nodes >= Lineage.MAX_NODES) {
        truncated = true;
        break;
      }
      nodes++;
      List<LineageNode> next = List.of();
      if (!path.contains(edge.key())) {
        if (depth < Lineage.MAX_DEPTH) {
          path.add(edge.key());
          next = down(edge.key(), depth + 1, path);
          path.remove(edge.key());
        } else if (children(edge.key()).stream().anyMatch(this::visible)) {
          // Only a child the caller may see: a private one below the bound must not show as a cut.
          truncated = true;
        }
      }
      level.add(new LineageNode(edge.id(), edge.model(), edge.relation(), next));
    }
    return level;
  }

  /**
   * Every model on the hub derived from {@code model}, private ones too (whether a caller may see
   * each is the caller's to check), each once at its shortest depth, breadth first (by depth, then
   * in the order the walk met them); at most {@link Lineage#MAX_NODES} models down to {@link
   * Lineage#MAX_DEPTH} generations.
   */
  public List<Descendant> descendants(RepoId model) throws SQLException {
    String root = IndexKey.of(model).value();
    Set<String> seen = new HashSet<>(Set.of(root));
    List<Descendant> found = new ArrayList<>();
    ArrayDeque<Map.Entry<String, Integer>> queue = new ArrayDeque<>();
    queue.add(Map.entry(root, 0));
    while (!queue.isEmpty()) {
      Map.Entry<String, Integer> at = queue.poll();
      if (at.getValue() >= Lineage.MAX_DEPTH) {
        continue;
      }
      for (Edge edge : children(at.getKey())) {
        if (found.size() >= Lineage.MAX_NODES) {
          return found;
        }
        if (seen.add(edge.key())) {
          found.add(new Descendant(edge.model().orElseThrow(), at.getValue() + 1, edge.relation()));
          queue.add(Map.entry(edge.key(), at.getValue() + 1));
        }
      }
    }
    return found;
  }

  /**
   * The nearest ancestor of {@code model} whose index key is in {@code among}, found breadth first
   * through public models on the hub only (by depth, then in card order), with its depth and the
   * relation of {@code model}'s own {@code base_model} edge; empty when none is within the bounds.
   */
  public Optional<DerivedFrom> nearestAncestor(RepoId model, Set<String> among)
      throws SQLException {
    String root = IndexKey.of(model).value();
    Set<String> seen = new HashSet<>(Set.of(root));
    Map<String, BaseModelRelation> level = new LinkedHashMap<>();
    level.put(root, null);
    for (int depth = 1; depth <= Lineage.MAX_DEPTH && !level.isEmpty(); depth++) {
      Map<String, BaseModelRelation> next = new LinkedHashMap<>();
      for (Map.Entry<String, BaseModelRelation> at : level.entrySet()) {
        for (Edge edge : parents(at.getKey())) {
          if (edge.model().isEmpty() || edge.isPrivate() || !seen.add(edge.key())) {
            continue;
          }
          BaseModelRelation first = at.getValue() == null ? edge.relation() : at.getValue();
          if (among.contains(edge.key())) {
            return Optional.of(new DerivedFrom(edge.model().get(), depth, first));
          }
          if (seen.size() > Lineage.MAX_NODES) {
            return Optional.empty();
          }
          next.put(edge.key(), first);
        }
      }
      level = next;
    }
    return Optional.empty();
  }

  private boolean visible(Edge edge) {
    return edge.model().isPresent()
        && (!edge.isPrivate() || decided.computeIfAbsent(edge.model().get(), readable::test));
  }

  /**
   * The parents {@code key}'s card declares, in card order; on the hub when a model row matches.
   */
  private List<Edge> parents(String key) throws SQLException {
    List<Edge> known = parentsRead.get(key);
    if (known == null && allParentsRead) {
      return List.of();
    }
    if (known == null) {
      known = readParents(key);
      parentsRead.put(key, known);
    }
    return known;
  }

  /**
   * Reads every edge of the table at once (one query, ordered by child and card order), for a walk
   * that will ask for the parents of most models: a fold of a large leaderboard. Returns this walk.
   */
  public LineageWalk readingAllParents() throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT l.parent_id, l.parent_key, r.repo_id, r.is_private, l.relation, l.repo_key"
                    + " FROM model_lineage l LEFT JOIN repositories r"
                    + " ON r.repo_key = l.parent_key AND r.repo_type = 'model'"
                    + " ORDER BY l.repo_key, l.position");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        parentsRead.computeIfAbsent(rs.getString(6), k -> new ArrayList<>()).add(edge(rs));
      }
    }
    allParentsRead = true;
    return this;
  }

  private List<Edge> readParents(String key) throws SQLException {
    return edges(
        "SELECT l.parent_id, l.parent_key, r.repo_id, r.is_private, l.relation"
            + " FROM model_lineage l LEFT JOIN repositories r"
            + " ON r.repo_key = l.parent_key AND r.repo_type = 'model'"
            + " WHERE l.repo_key = ? ORDER BY l.position",
        key);
  }

  /**
   * The models whose cards name {@code key} as a parent, by key: at most one more than a tree
   * holds, so that a model named by a million cards costs a bounded read.
   */
  private List<Edge> children(String key) throws SQLException {
    return edges(
        "SELECT r.repo_id, l.repo_key, r.repo_id, r.is_private, l.relation"
            + " FROM model_lineage l JOIN repositories r ON r.repo_key = l.repo_key"
            + " WHERE l.parent_key = ? ORDER BY l.repo_key FETCH FIRST "
            + (Lineage.MAX_NODES + 1)
            + " ROWS ONLY",
        key);
  }

  private List<Edge> edges(String sql, String key) throws SQLException {
    try (PreparedStatement s = IndexTables.prepare(c, sql, key);
        ResultSet rs = s.executeQuery()) {
      List<Edge> edges = new ArrayList<>();
      while (rs.next()) {
        edges.add(edge(rs));
      }
      return edges;
    }
  }

  /** An edge from a row of {@code parent_id or child id, key, repo_id, is_private, relation}. */
  private static Edge edge(ResultSet rs) throws SQLException {
    String repoId = rs.getString(3);
    return new Edge(
        rs.getString(1),
        rs.getString(2),
        Optional.ofNullable(repoId).map(Views::model),
        repoId != null && rs.getBoolean(4),
        BaseModelRelation.ofId(rs.getString(5)));
  }
}
