package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.formats.model.ResultEntries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model's {@code evalResults} in the JSON of the Hugging Face API, as the Python client reads
 * them: a valid entry is {@code filename, verified, data, pullRequest?} plus evalhub's {@code
 * badges, verificationError?, notOnLeaderboard?}; an invalid file is {@code filename, pullRequest?,
 * error}. The results of a read-only mirror of another hub's model add {@code origin}, the URL of
 * that model's repository there (as on a leaderboard row). Absent values are absent keys.
 * Stateless.
 */
final class EvalResultJson {

  private EvalResultJson() {}

  /**
   * The entry of {@code result}, with {@code origin} when the model is a mirror of the repository
   * at that URL (empty: this hub's own).
   */
  static Map<String, Object> of(EvalResult result, Optional<String> origin) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("filename", result.location().filename());
    origin.ifPresent(url -> json.put("origin", url));
    if (result instanceof EvalResult.Valid valid) {
      json.put("verified", valid.verdict().verified());
      json.put("data", ResultEntries.toTree(valid.entry()));
      valid.location().pullRequest().ifPresent(pr -> json.put("pullRequest", pr.value()));
      json.put("badges", LeaderboardJson.badges(valid.badges()));
      valid.verdict().failure().ifPresent(failure -> json.put("verificationError", failure));
      valid.notOnLeaderboard().ifPresent(reason -> json.put("notOnLeaderboard", reason));
    } else {
      EvalResult.Invalid invalid = (EvalResult.Invalid) result;
      invalid.location().pullRequest().ifPresent(pr -> json.put("pullRequest", pr.value()));
      json.put("error", invalid.error());
    }
    return json;
  }
}
