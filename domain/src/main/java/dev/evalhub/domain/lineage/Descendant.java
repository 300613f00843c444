package dev.evalhub.domain.lineage;

import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.BaseModelRelation;
import java.util.Objects;

/**
 * A model on the hub derived from another through {@code base_model}, {@code depth} generations
 * below it (1: a child), by the shortest path; {@code relation} is the relation of the last edge on
 * that path. Immutable.
 */
public record Descendant(RepoId model, int depth, BaseModelRelation relation) {

  public Descendant {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(relation, "relation");
    if (depth < 1) {
      throw new IllegalArgumentException("a descendant is at depth 1 or more, got " + depth);
    }
  }
}
