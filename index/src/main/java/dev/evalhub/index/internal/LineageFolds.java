package dev.evalhub.index.internal;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.lineage.DerivedFrom;
import dev.evalhub.domain.lineage.LineageFold;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds a leaderboard's derived models under their base, group by group: a row goes under the first
 * row (in rank order) of its model's nearest ancestor that has a row in the same methodology group,
 * found through public models on the hub ({@link LineageWalk#nearestAncestor}); rows under no other
 * keep their rank order, and each row is followed by the rows folded under it, in rank order, depth
 * first. Ranks are untouched. A fold that would close a cycle (two models naming each other) leaves
 * the later row where it is. Stateless.
 */
public final class LineageFolds {

  /** The nearest ancestor of a model among index keys. */
  public interface Bases {
    Optional<DerivedFrom> nearest(RepoId model, Set<String> among) throws SQLException;
  }

  private LineageFolds() {}

  /** {@code entries} (by group, then rank) folded. */
  public static LineageFold fold(List<LeaderboardEntry> entries, Bases bases) throws SQLException {
    Map<MethodologyGroup, List<LeaderboardEntry>> groups = new LinkedHashMap<>();
    for (LeaderboardEntry entry : entries) {
      groups.computeIfAbsent(entry.provenance().group(), g -> new ArrayList<>()).add(entry);
    }
    List<LineageFold.Row> rows = new ArrayList<>();
    for (List<LeaderboardEntry> group : groups.values()) {
      fold(group, bases, rows);
    }
    return new LineageFold(rows);
  }

  private static void fold(List<LeaderboardEntry> group, Bases bases, List<LineageFold.Row> out)
      throws SQLException {
    Map<String, Integer> firstRow = new LinkedHashMap<>();
    for (int i = 0; i < group.size(); i++) {
      firstRow.putIfAbsent(key(group.get(i)), i);
    }
    int[] parent = new int[group.size()];
    java.util.Arrays.fill(parent, -1);
    List<Optional<DerivedFrom>> from = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      Optional<DerivedFrom> base = bases.nearest(group.get(i).model().id(), firstRow.keySet());
      Integer under = base.map(b -> firstRow.get(IndexKey.of(b.base()).value())).orElse(null);
      if (under == null || under == i || reaches(parent, under, i)) {
        from.add(Optional.empty());
      } else {
        parent[i] = under;
        from.add(base);
      }
    }
    List<List<Integer>> children = new ArrayList<>();
    group.forEach(e -> children.add(new ArrayList<>()));
    for (int i = 0; i < group.size(); i++) {
      if (parent[i] >= 0) {
        children.get(parent[i]).add(i);
      }
    }
    for (int i = 0; i < group.size(); i++) {
      if (parent[i] < 0) {
        emit(i, 0, group, from, children, out);
      }
    }
  }

  /** Whether following parents from {@code start} reaches {@code target}. */
  private static boolean reaches(int[] parent, int start, int target) {
    for (int at = start; at >= 0; at = parent[at]) {
      if (at == target) {
        return true;
      }
    }
    return false;
  }

  private static void emit(
      int row,
      int level,
      List<LeaderboardEntry> group,
      List<Optional<DerivedFrom>> from,
      List<List<Integer>> children,
      List<LineageFold.Row> out) {
    out.add(new LineageFold.Row(group.get(row), level, from.get(row)));
    for (int child : children.get(row)) {
      emit(child, level + 1, group, from, children, out);
    }
  }

  private static String key(LeaderboardEntry entry) {
    return IndexKey.of(entry.model().id()).value();
  }
}
