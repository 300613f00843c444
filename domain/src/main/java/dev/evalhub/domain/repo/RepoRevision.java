package dev.evalhub.domain.repo;

import java.util.Objects;

/**
 * A readable repository at a resolved revision: what the content reads start from ({@code
 * ContentService.resolve}). Immutable.
 */
public record RepoRevision(RepoInfo repo, ResolvedRevision revision) {

  public RepoRevision {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(revision, "revision");
  }

  /** The commit the revision names (40 hexadecimal digits). */
  public String commitId() {
    return revision.commitId();
  }
}
