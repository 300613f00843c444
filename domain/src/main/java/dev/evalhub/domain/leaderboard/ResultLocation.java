package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.PrNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a result lives in its model repository: the file (a path in the repository) and, for a
 * result proposed in an open pull request rather than on {@code main}, the pull request. Immutable.
 */
public record ResultLocation(String filename, Optional<PrNumber> pullRequest) {

  public ResultLocation {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(pullRequest, "pullRequest");
  }

  public boolean onMain() {
    return pullRequest.isEmpty();
  }
}
