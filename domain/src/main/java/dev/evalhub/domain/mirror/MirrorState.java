package dev.evalhub.domain.mirror;

import dev.evalhub.domain.RepoId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the refreshes of one mirror found (operational state, kept beside the record, never a
 * durable fact): when it was last tried and last succeeded whole, how many refreshes ran and how
 * many of them met a problem, and per repository the source revision last seen, the local {@code
 * main} it gave, and its problem now (empty when the last refresh of it succeeded). Immutable.
 */
public record MirrorState(
    Optional<Instant> lastAttempt,
    Optional<Instant> lastSuccess,
    long refreshes,
    long failures,
    List<RepoState> repositories) {

  /** A mirror never refreshed. */
  public static final MirrorState NEW =
      new MirrorState(Optional.empty(), Optional.empty(), 0, 0, List.of());

  public MirrorState {
    Objects.requireNonNull(lastAttempt, "lastAttempt");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    repositories = List.copyOf(repositories);
  }

  /** The problems of its repositories now, {@code "REPO: problem"} each. */
  public List<String> problems() {
    return repositories.stream()
        .filter(r -> r.problem().isPresent())
        .map(r -> r.repo().urlPath() + ": " + r.problem().get())
        .toList();
  }

  /** The state of {@code repo}, if it was refreshed once. */
  public Optional<RepoState> of(RepoId repo) {
    return repositories.stream().filter(r -> r.repo().equals(repo)).findFirst();
  }

  /**
   * One mirrored repository: the source revision last read (a commit id for git, the Hub's {@code
   * sha} for the API), the local {@code main} commit, when it last changed locally, its problem,
   * and what the last change of the copy replaced (an API mirror's files changed at the source,
   * {@code "changed at the source: PATH, ..."}; their previous contents stay in the copy's
   * history).
   */
  public record RepoState(
      RepoId repo,
      Optional<String> sourceRevision,
      Optional<String> localRevision,
      Optional<Instant> lastChange,
      Optional<String> problem,
      Optional<String> replaced) {
    public RepoState {
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(sourceRevision, "sourceRevision");
      Objects.requireNonNull(localRevision, "localRevision");
      Objects.requireNonNull(lastChange, "lastChange");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(replaced, "replaced");
    }

    /** A state that replaced nothing. */
    public RepoState(
        RepoId repo,
        Optional<String> sourceRevision,
        Optional<String> localRevision,
        Optional<Instant> lastChange,
        Optional<String> problem) {
      this(repo, sourceRevision, localRevision, lastChange, problem, Optional.empty());
    }
  }
}
