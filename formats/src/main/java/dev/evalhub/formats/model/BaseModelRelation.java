package dev.evalhub.formats.model;

import java.util.Optional;

/**
 * How a model derives from its {@code base_model}s, as a model card's {@code base_model_relation}
 * states it (the Hugging Face Hub's values: {@code adapter}, {@code merge}, {@code quantized},
 * {@code finetune}). {@link #UNKNOWN} when the card states none or a value evalhub does not know:
 * the Hub infers a relation from the files, evalhub does not guess.
 */
public enum BaseModelRelation {
  ADAPTER("adapter"),
  MERGE("merge"),
  QUANTIZED("quantized"),
  FINETUNE("finetune"),
  UNKNOWN("unknown");

  private final String id;

  BaseModelRelation(String id) {
    this.id = id;
  }

  /** The word of the card and of the API: {@code finetune}, {@code unknown}. */
  public String id() {
    return id;
  }

  /** One of the four values a card may state (exactly as the Hub spells them), else empty. */
  public static Optional<BaseModelRelation> ofCard(String text) {
    for (BaseModelRelation relation : values()) {
      if (relation != UNKNOWN && relation.id.equals(text)) {
        return Optional.of(relation);
      }
    }
    return Optional.empty();
  }

  /** The relation named by {@link #id()}; {@link #UNKNOWN} for any other text. */
  public static BaseModelRelation ofId(String id) {
    return UNKNOWN.id.equals(id) ? UNKNOWN : ofCard(id).orElse(UNKNOWN);
  }
}
