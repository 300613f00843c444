package dev.evalhub.domain;

import java.util.Locale;
import java.util.Optional;

/** The two kinds of repository a hub serves, with the pieces of URL and folder each one uses. */
public enum RepoType {
  MODEL("model", "models", ""),
  DATASET("dataset", "datasets", "datasets/");

  private final String id;
  private final String plural;
  private final String urlPrefix;

  RepoType(String id, String plural, String urlPrefix) {
    this.id = id;
    this.plural = plural;
    this.urlPrefix = urlPrefix;
  }

  /** {@code model} or {@code dataset}: the word of the Hugging Face API's {@code type} field. */
  public String id() {
    return id;
  }

  /**
   * {@code models} or {@code datasets}: the folder under {@code repos/} and the API path segment.
   */
  public String plural() {
    return plural;
  }

  /**
   * What precedes {@code ns/name} in a web or git URL: nothing for models, {@code datasets/} for
   * datasets.
   */
  public String urlPrefix() {
    return urlPrefix;
  }

  public static Optional<RepoType> fromId(String id) {
    String lower = id.toLowerCase(Locale.ROOT);
    for (RepoType type : values()) {
      if (type.id.equals(lower)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
