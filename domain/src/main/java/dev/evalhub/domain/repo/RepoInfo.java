package dev.evalhub.domain.repo;

import dev.evalhub.domain.RepoId;
import java.util.Objects;

/**
 * A repository that exists: its identity as created (lookups ignore case) and its visibility.
 * Immutable.
 */
public record RepoInfo(RepoId id, boolean isPrivate) {

  public RepoInfo {
    Objects.requireNonNull(id, "id");
  }
}
