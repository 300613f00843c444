package dev.evalhub.domain.repo;

import java.time.Instant;
import java.util.Objects;

/** A revision found in a repository: the commit it names and that commit's time. Immutable. */
public record ResolvedRevision(String commitId, Instant time) {

  public ResolvedRevision {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(time, "time");
  }
}
