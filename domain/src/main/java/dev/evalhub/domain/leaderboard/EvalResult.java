package dev.evalhub.domain.leaderboard;

import java.util.List;

/**
 * One item of a model's {@code evalResults}: a valid entry ({@code filename, verified, data, pullRequest?}, plus
 * its badges, the reason a token did not verify and the reason it is on no leaderboard) or an invalid file
 * ({@code filename, error}). Immutable; absent fields are null.
 */
public record EvalResult(String filename, Boolean verified, Object data, Integer pullRequest, String error,
    List<Badge> badges, String verificationError, String notOnLeaderboard) {

  public static EvalResult invalid(String filename, Integer pullRequest, String error) {
    return new EvalResult(filename, null, null, pullRequest, error, null, null, null);
  }
}
