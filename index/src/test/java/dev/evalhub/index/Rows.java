package dev.evalhub.index;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.RecentResult;
import java.util.List;
import java.util.Map;

/** The fields the index tests look at, read off the domain values. Stateless. */
final class Rows {

  private Rows() {}

  static String modelId(LeaderboardEntry e) {
    return e.model().id().fullName();
  }

  static String modelId(RecentResult r) {
    return r.model().fullName();
  }

  static double value(LeaderboardEntry e) {
    return e.score().value();
  }

  static Map<String, String> group(LeaderboardEntry e) {
    return e.provenance().group().values();
  }

  static String notes(LeaderboardEntry e) {
    return e.provenance().notes().orElse(null);
  }

  static Integer pullRequest(LeaderboardEntry e) {
    return e.location().pullRequest().map(PrNumber::value).orElse(null);
  }

  static String type(Badge b) {
    return b.kind().id();
  }

  static EvalResult.Valid valid(EvalResult r) {
    return (EvalResult.Valid) r;
  }

  static boolean verified(EvalResult r) {
    return valid(r).verdict().verified();
  }

  static String verificationError(EvalResult r) {
    return valid(r).verdict().failure().orElse(null);
  }

  static List<Badge> badges(EvalResult r) {
    return valid(r).badges();
  }

  static String notOnLeaderboard(EvalResult r) {
    return valid(r).notOnLeaderboard().orElse(null);
  }
}
