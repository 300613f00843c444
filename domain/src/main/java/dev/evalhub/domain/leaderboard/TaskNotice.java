package dev.evalhub.domain.leaderboard;

import java.time.Instant;
import java.util.Objects;

/**
 * The banner of a task that is no longer {@code active} ({@code eval.yaml}'s {@code
 * evalhub.tasks.<id>.status}): {@code deprecated} still ranks; {@code withdrawn} freezes the
 * leaderboard, so nothing added after the withdrawing commit counts. The stated reason, and when
 * and by whom the commit that set the status was made. Immutable.
 */
public record TaskNotice(
    Status status, String reason, Instant since, String account, String commitId) {

  /** A task's status other than active. */
  public enum Status {
    DEPRECATED("deprecated"),
    WITHDRAWN("withdrawn");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public TaskNotice {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(commitId, "commitId");
  }
}
