package dev.evalhub.domain.lineage;

import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A leaderboard's ranked rows with derived models folded under their base (see the index's {@code
 * Index.fold}): the same rows and ranks in another order, each with its nesting {@code level} (0
 * for a row under no other) and, when folded, the row it sits under. Immutable.
 */
public record LineageFold(List<Row> rows) {

  public LineageFold {
    rows = List.copyOf(rows);
  }

  /** One row: the leaderboard's entry, its level, and the base it is folded under. */
  public record Row(LeaderboardEntry entry, int level, Optional<DerivedFrom> derivedFrom) {
    public Row {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(derivedFrom, "derivedFrom");
      if (level < 0 || (level == 0) != derivedFrom.isEmpty()) {
        throw new IllegalArgumentException(
            "a row at level " + level + " is folded exactly when its level is above 0");
      }
    }
  }
}
