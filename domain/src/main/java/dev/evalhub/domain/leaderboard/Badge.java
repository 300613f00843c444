package dev.evalhub.domain.leaderboard;

/**
 * A badge of a result, always computed by the hub: {@code verified} (label: the issuer), {@code community}
 * (label: the pull request), {@code source} (label: the source's name, else its host; with its url) or
 * {@code leaderboard} (label: {@code dataset/task}). Immutable; {@code url} is null but for source badges.
 */
public record Badge(String type, String label, String url) {

  public static Badge verified(String issuer) {
    return new Badge("verified", issuer, null);
  }

  public static Badge community(int pullRequest) {
    return new Badge("community", "PR #" + pullRequest, null);
  }

  public static Badge source(String label, String url) {
    return new Badge("source", label, url);
  }

  public static Badge leaderboard(String datasetId, String taskId) {
    return new Badge("leaderboard", datasetId + "/" + taskId, null);
  }
}
