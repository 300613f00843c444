package dev.evalhub.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * The one key under which the SQL index stores a repository: its URL path in lower case ({@code
 * alice/gpt} for a model, {@code datasets/bob/mmlu} for a dataset), since repository ids are unique
 * regardless of case. Every table and query of the index uses this form and no other. Immutable.
 */
public record IndexKey(String value) {

  public IndexKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || !value.equals(value.toLowerCase(Locale.ROOT))) {
      throw HubException.invalid(
          "\"" + value + "\" is not an index key (a repository's URL path in lower case)");
    }
  }

  /** The key of {@code repo}. */
  public static IndexKey of(RepoId repo) {
    return new IndexKey(repo.urlPath().toLowerCase(Locale.ROOT));
  }

  /**
   * The key of the dataset a result names by its Hugging Face id {@code ns/name} (its {@code
   * dataset.id}).
   */
  public static IndexKey ofDataset(String datasetId) {
    return new IndexKey((RepoType.DATASET.urlPrefix() + datasetId).toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
