package dev.evalhub.domain.index;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A ref the index could not read, as recorded in the index (derived: a rebuild records the same):
 * the repository's URL path ({@code alice/gpt}, {@code datasets/cais/hle}) and whether it is
 * private, the ref ({@code refs/heads/main}, {@code refs/pr/N}; {@code refs/meta/pr/} for its pull
 * request records, {@code *} for the whole repository), the commit that failed and its commit time
 * when they could be read, and the error. Immutable.
 */
public record IndexFailure(
    String repo,
    boolean isPrivate,
    String ref,
    Optional<String> commit,
    String error,
    Optional<Instant> since) {

  public IndexFailure {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(since, "since");
  }
}
