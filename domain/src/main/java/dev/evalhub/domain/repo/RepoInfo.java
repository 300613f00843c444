package dev.evalhub.domain.repo;

import dev.evalhub.domain.RepoId;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository that exists: its identity as created (lookups ignore case), its visibility, and,
 * when it is a read-only mirror of a repository of another hub, that repository's URL ({@code
 * mirrorOf}). Immutable.
 */
public record RepoInfo(RepoId id, boolean isPrivate, Optional<String> mirrorOf) {

  public RepoInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mirrorOf, "mirrorOf");
  }

  /** A repository of this hub's own (no mirror). */
  public RepoInfo(RepoId id, boolean isPrivate) {
    this(id, isPrivate, Optional.empty());
  }

  /** Whether it is a read-only mirror. */
  public boolean isMirror() {
    return mirrorOf.isPresent();
  }
}
