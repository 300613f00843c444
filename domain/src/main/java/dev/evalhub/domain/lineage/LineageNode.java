package dev.evalhub.domain.lineage;

import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.BaseModelRelation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model in a lineage tree: its id, the relation of the edge that reached it, and the next level
 * of the tree (its parents in an ancestors tree, its children in a descendants tree). Immutable.
 *
 * <p>{@code id} is the model's id as this hub spells it when {@code model} is present (a model on
 * the hub the caller may read), else as the child's card wrote it (a model not on this hub, or one
 * the caller may not read: the two read the same). {@code relation} is the child's {@code
 * base_model_relation}: in an ancestors tree, how the node below derives from this node; in a
 * descendants tree, how this node derives from the node above. {@code next} is empty for models off
 * the hub, for a model already on the path (a cycle in the cards) and beyond the walk's bounds.
 */
public record LineageNode(
    String id, Optional<RepoId> model, BaseModelRelation relation, List<LineageNode> next) {

  public LineageNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(relation, "relation");
    next = List.copyOf(next);
  }

  /** Whether the node is a model on this hub that the caller may read (pages link it). */
  public boolean onHub() {
    return model.isPresent();
  }

  /** How many nodes this subtree holds, itself included. */
  public int size() {
    return 1 + next.stream().mapToInt(LineageNode::size).sum();
  }
}
