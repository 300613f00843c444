package dev.evalhub.index.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models derived from a model along README {@code base_model} (issue 14): children, their
 * children, any number of generations, by repository key. Cycle-safe (each model visited once) and
 * bounded ({@link #MAX_MODELS} models, {@link #MAX_GENERATIONS} generations). Built from {@code
 * repositories.base_model} ({@link FlagTables#baseModels}); the one place that walks lineage for
 * flags, so that a lineage table can replace it. Immutable.
 */
public final class Descendants {

  /** At most this many descendants of one model. */
  public static final int MAX_MODELS = 100_000;

  /** At most this many generations below a model. */
  public static final int MAX_GENERATIONS = 64;

  private final Map<String, List<String>> children = new HashMap<>();

  /** From each model's key to its parents' keys. */
  public Descendants(Map<String, List<String>> parents) {
    parents.forEach(
        (child, list) ->
            list.forEach(
                parent -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(child)));
    children.values().forEach(list -> list.sort(String::compareTo));
  }

  /** Every model derived from {@code root} (not {@code root} itself), nearest first. */
  public Set<String> of(String root) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> generation = new ArrayDeque<>(List.of(root));
    for (int depth = 0; depth < MAX_GENERATIONS && !generation.isEmpty(); depth++) {
      Deque<String> next = new ArrayDeque<>();
      for (String model : generation) {
        for (String child : children.getOrDefault(model, List.of())) {
          if (!child.equals(root) && seen.size() < MAX_MODELS && seen.add(child)) {
            next.add(child);
          }
        }
      }
      generation = next;
    }
    return seen;
  }
}
