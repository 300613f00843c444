package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.TaskRef;
import java.util.Objects;

/**
 * A badge of a result, always computed by the hub: {@code verified} (label: the issuer), {@code
 * community} (label: the pull request), {@code source} (label: the source's name, else its host;
 * with its url) or {@code leaderboard} (label: {@code dataset/task}). Immutable; {@code url} is
 * null but for source badges.
 */
public record Badge(Kind kind, String label, String url) {

  /** What a badge says; {@link #id()} is its name on the wire and in the pages. */
  public enum Kind {
    VERIFIED("verified"),
    COMMUNITY("community"),
    SOURCE("source"),
    LEADERBOARD("leaderboard");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public Badge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
  }

  public static Badge verified(String issuer) {
    return new Badge(Kind.VERIFIED, issuer, null);
  }

  public static Badge community(PrNumber pullRequest) {
    return new Badge(Kind.COMMUNITY, "PR #" + pullRequest, null);
  }

  public static Badge source(String label, String url) {
    return new Badge(Kind.SOURCE, label, url);
  }

  public static Badge leaderboard(TaskRef task) {
    return new Badge(Kind.LEADERBOARD, task.toString(), null);
  }
}
