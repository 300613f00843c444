package dev.evalhub.domain.repo;

import java.util.Objects;

/**
 * A repository made by an import: the repository, the commit its {@code main} points at, the source
 * branch that became {@code main}, and how many commits its history holds. Immutable.
 */
public record ImportedRepository(RepoInfo repo, String head, String sourceBranch, int commits) {

  public ImportedRepository {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(sourceBranch, "sourceBranch");
  }
}
