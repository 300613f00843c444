package dev.evalhub.domain.leaderboard;

import dev.evalhub.formats.model.ResultEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of a model's results: a {@link Valid} entry of a results file on {@code main} or in an
 * open pull request, or an {@link Invalid} file. Immutable.
 */
public sealed interface EvalResult permits EvalResult.Valid, EvalResult.Invalid {

  ResultLocation location();

  /**
   * A valid entry: the entry as written (its unknown keys left out), whether its token verified,
   * its badges, and why it is on no leaderboard (empty when it is on one).
   */
  record Valid(
      ResultLocation location,
      ResultEntry entry,
      Verdict verdict,
      List<Badge> badges,
      Optional<String> notOnLeaderboard)
      implements EvalResult {

    public Valid {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(entry, "entry");
      badges = List.copyOf(badges);
    }
  }

  /** A results file that does not validate, with its diagnostics. */
  record Invalid(ResultLocation location, String error) implements EvalResult {}
}
