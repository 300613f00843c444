package dev.evalhub.domain.lineage;

import dev.evalhub.domain.RepoId;
import java.util.List;
import java.util.Objects;

/**
 * A model's {@code base_model} lineage as the hub knows it: the tree of its ancestors ({@code
 * parents}, each with its own parents, up to the roots) and the tree of its descendants ({@code
 * children}, down to the leaves), both in the order of the cards' {@code base_model} lists and of
 * the children's ids. The walk is bounded ({@link #MAX_DEPTH} levels, {@link #MAX_NODES} nodes per
 * tree) and cycle-safe; {@code truncated} tells that a bound cut a tree short. Immutable.
 */
public record Lineage(
    RepoId model, List<LineageNode> parents, List<LineageNode> children, boolean truncated) {

  /** Levels walked up and down from the model. */
  public static final int MAX_DEPTH = 16;

  /** Nodes walked per tree. */
  public static final int MAX_NODES = 1_000;

  public Lineage {
    Objects.requireNonNull(model, "model");
    parents = List.copyOf(parents);
    children = List.copyOf(children);
  }

  /** Whether the model has neither parents nor children the caller may see. */
  public boolean isEmpty() {
    return parents.isEmpty() && children.isEmpty();
  }
}
