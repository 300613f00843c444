package dev.evalhub.domain.lineage;

import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.BaseModelRelation;
import java.util.Objects;

/**
 * Where a folded leaderboard row sits: under the row of {@code base}, a public model on the hub
 * {@code generations} generations above the row's model (1: a parent named by its card); {@code
 * relation} is the row's model's own {@code base_model_relation}. Immutable.
 */
public record DerivedFrom(RepoId base, int generations, BaseModelRelation relation) {

  public DerivedFrom {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(relation, "relation");
    if (generations < 1) {
      throw new IllegalArgumentException("generations start at 1, got " + generations);
    }
  }
}
