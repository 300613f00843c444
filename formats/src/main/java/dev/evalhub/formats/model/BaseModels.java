package dev.evalhub.formats.model;

import java.util.List;
import java.util.Objects;

/**
 * What a model card's front matter says of the model's lineage: its {@code base_model}s (model ids
 * as written, in card order, without repeats or blanks; empty when it declares none) and its {@code
 * base_model_relation}, which holds for every one of them. Immutable.
 */
public record BaseModels(List<String> ids, BaseModelRelation relation) {

  public static final BaseModels NONE = new BaseModels(List.of(), BaseModelRelation.UNKNOWN);

  public BaseModels {
    ids = List.copyOf(ids);
    Objects.requireNonNull(relation, "relation");
  }
}
