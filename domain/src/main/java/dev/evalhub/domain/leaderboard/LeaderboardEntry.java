package dev.evalhub.domain.leaderboard;

import java.util.List;
import java.util.Map;

/**
 * One row of a leaderboard, in the Hugging Face shape ({@code rank, modelId, value, filename, verified, source?,
 * author, pullRequest?, notes?}) plus evalhub's methodology group, badges, methodology, standard error and the
 * reason a token did not verify. Immutable; optional fields are null.
 */
public record LeaderboardEntry(
    int rank, String modelId, double value, String filename, boolean verified, SourceLink source, Author author,
    Integer pullRequest, String notes,
    Map<String, String> group, List<Badge> badges, Object methodology, Double stderr, String verificationError) {

  public LeaderboardEntry {
    group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
    badges = List.copyOf(badges);
  }

  /** Where a result comes from, as the Hub's leaderboard shows it. */
  public record SourceLink(String url, String name) {
  }

  /** Who owns the model: {@code org} or {@code user}, and the namespace. */
  public record Author(String type, String name) {
  }
}
