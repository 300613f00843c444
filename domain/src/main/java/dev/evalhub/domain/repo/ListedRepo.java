package dev.evalhub.domain.repo;

import java.util.List;
import java.util.Objects;

/**
 * A repository as a listing shows it: the repository at the head of {@code main}, and the entries
 * of its root folder (what the card and the derived tags are read from). Immutable.
 */
public record ListedRepo(RepoRevision main, List<TreeEntry> rootEntries) {

  public ListedRepo {
    Objects.requireNonNull(main, "main");
    rootEntries = List.copyOf(rootEntries);
  }

  public RepoInfo repo() {
    return main.repo();
  }
}
