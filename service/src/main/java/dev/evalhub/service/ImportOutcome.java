package dev.evalhub.service;

import java.util.Objects;

/**
 * What an import did: its preview, the commit that holds the results (the new commit on {@code
 * main} or the pull request's head; {@code main}'s current commit when the same results were
 * already there, which a warning of the preview says; null when the preview has errors and nothing
 * was committed) and the number of the pull request it opened (null unless one was). Immutable.
 */
public record ImportOutcome(ImportPreview preview, String commitId, Integer pullRequest) {

  public ImportOutcome {
    Objects.requireNonNull(preview, "preview");
  }

  /** Whether the results are in the repository (or a pull request) now. */
  public boolean isImported() {
    return commitId != null;
  }
}
