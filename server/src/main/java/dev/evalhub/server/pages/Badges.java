package dev.evalhub.server.pages;

import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.server.pages.view.BadgeView;
import java.util.List;

/** What each badge the index computes means, in words, for the tooltip beside it. Stateless. */
final class Badges {

  private Badges() {}

  /**
   * {@code badges} and, for a model mirrored from another hub, a {@code mirrored} badge "from HOST"
   * whose tooltip is the origin's URL.
   */
  static List<BadgeView> withOrigin(List<BadgeView> badges, java.util.Optional<String> origin) {
    if (origin.isEmpty()) {
      return badges;
    }
    List<BadgeView> all = new java.util.ArrayList<>(badges);
    all.add(
        new BadgeView(
            "mirrored",
            "from " + host(origin.get()),
            "a read-only copy of " + origin.get() + ", refreshed from there",
            null));
    return List.copyOf(all);
  }

  /** The host (and port) of {@code url}, or the URL itself when it has none. */
  static String host(String url) {
    try {
      String authority = java.net.URI.create(url).getRawAuthority();
      return authority == null ? url : authority;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  static List<BadgeView> of(List<Badge> badges) {
    return badges.stream().map(Badges::of).toList();
  }

  static BadgeView of(Badge badge) {
    String tooltip =
        switch (badge.kind()) {
          case VERIFIED ->
              "Verified: a signed token from "
                  + badge.label()
                  + " vouches for this value, task and methodology";
          case COMMUNITY ->
              "Community: proposed in " + badge.label() + ", not yet merged by the model's owners";
          case SOURCE ->
              "Source: the result links to where it was produced (" + badge.label() + ")";
          case LEADERBOARD -> "On the leaderboard of " + badge.label();
          case REPRODUCED ->
              "Reproduced: the value is the mean of the per-sample details in the repository ("
                  + badge.label()
                  + ")";
          case NOT_REPRODUCED -> "Not reproduced: " + badge.label();
          case INVALIDATED -> "Invalidated: " + badge.label();
          case VERSION_UNKNOWN ->
              "Version unknown: the result states no task_version, and the task declares invalid"
                  + " versions";
          case FLAGGED -> "Flagged: " + badge.label();
          case DISCREPANCY -> "Discrepancy: " + badge.label();
        };
    String job = job(badge);
    if (job != null) {
      tooltip += "; evaluated by this hub's runner, job " + job;
    }
    return new BadgeView(badge.kind().id(), badge.label(), tooltip, job, localLink(badge));
  }

  /**
   * The link of a badge of the public record, or null: an invalidated badge's entry on the
   * benchmark's changes record or its flag, a discrepancy's other source ({@code
   * /NS/NAME/blob/main/FILE} or {@code /NS/NAME/discussions/N}), a flag's discussion. Only a path
   * of this hub, never any other url a badge might carry.
   */
  private static String localLink(Badge badge) {
    String url = badge.url();
    return (badge.kind() == Badge.Kind.INVALIDATED
                || badge.kind() == Badge.Kind.DISCREPANCY
                || badge.kind() == Badge.Kind.FLAGGED)
            && url != null
            && url.startsWith("/")
            && !url.startsWith("//")
            && url.chars().noneMatch(c -> c == '\\' || c <= ' ')
        ? url
        : null;
  }

  private static final String JOBS = "/jobs/";

  /**
   * The job whose page a verified badge links ({@link Badge#verifiedByJob}), or null: only the id
   * in a path of this hub's own job pages, never any other url a badge might carry.
   */
  private static String job(Badge badge) {
    String url = badge.url();
    return badge.kind() == Badge.Kind.VERIFIED
            && url != null
            && url.startsWith(JOBS)
            && JobId.isJobId(url.substring(JOBS.length()))
        ? url.substring(JOBS.length())
        : null;
  }
}
