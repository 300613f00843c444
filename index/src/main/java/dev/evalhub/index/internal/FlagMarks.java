package dev.evalhub.index.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.Trust;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The flags that stand against the rows of one task's leaderboard (issue 14): a model's own flags
 * on the result they target (file and notes, on {@code main} or in an open pull request, or the
 * same entry by its sha256 wherever it moved), and the upheld {@code contamination} flags of its
 * ancestors along {@code base_model} ({@link Descendants}, over public models only: a private model
 * in between passes nothing on), inherited by every result of the model on the same task. Own
 * upheld flags take a row out of the default leaderboard ({@link #upheld}); open own flags and
 * inherited ones are what "hide flagged" hides ({@link #hides}); rejected ones stay visible on the
 * row. Only public models' flags count. Immutable.
 */
public final class FlagMarks {

  private static final String CONTAMINATION = "contamination";
  private static final String UPHELD = "upheld";
  private static final String OPEN = "open";

  private final Map<String, List<FlagTables.FlagRow>> own = new HashMap<>();
  private final Map<String, List<FlagTables.FlagRow>> inherited = new HashMap<>();

  private FlagMarks(List<FlagTables.FlagRow> flags, Descendants lineage) {
    for (FlagTables.FlagRow flag : flags) {
      own.computeIfAbsent(flag.repoKey(), k -> new ArrayList<>()).add(flag);
      if (flag.status().equals(UPHELD) && flag.category().equals(CONTAMINATION)) {
        for (String descendant : lineage.of(flag.repoKey())) {
          inherited.computeIfAbsent(descendant, k -> new ArrayList<>()).add(flag);
        }
      }
    }
  }

  /** The flags on task {@code taskId} of the dataset {@code datasetKey}, with lineage. */
  public static FlagMarks load(Connection c, String datasetKey, String taskId) throws SQLException {
    List<FlagTables.FlagRow> flags = FlagTables.onTask(c, datasetKey, taskId);
    boolean anyUpheld = flags.stream().anyMatch(f -> f.status().equals(UPHELD));
    return new FlagMarks(flags, new Descendants(anyUpheld ? FlagTables.baseModels(c) : Map.of()));
  }

  /** Whether an own upheld flag stands against {@code c}: it leaves the default leaderboard. */
  public boolean upheld(Candidate c) {
    return ownFlags(c).stream().anyMatch(f -> f.status().equals(UPHELD));
  }

  /** Whether "hide flagged" drops {@code c}: an own open flag, or an inherited one. */
  public boolean hides(Candidate c) {
    return ownFlags(c).stream().anyMatch(f -> f.status().equals(OPEN))
        || inherited.containsKey(modelKey(c));
  }

  /** {@code entry} (the row of {@code c}) with its flags in its trust, and their badges. */
  public LeaderboardEntry apply(LeaderboardEntry entry, Candidate c) {
    List<Trust.FlagMark> marks = new ArrayList<>();
    List<Badge> badges = new ArrayList<>();
    for (FlagTables.FlagRow flag : ownFlags(c)) {
      RepoId model = Views.model(flag.modelId());
      marks.add(
          new Trust.FlagMark(
              flag.number(), model, flag.category(), flag.status(), Optional.empty()));
      if (flag.status().equals(OPEN)) {
        badges.add(
            new Badge(
                Badge.Kind.FLAGGED,
                "flag #" + flag.number() + ": " + flag.category(),
                url(model, flag.number())));
      } else if (flag.status().equals(UPHELD)) {
        badges.add(
            new Badge(
                Badge.Kind.INVALIDATED,
                "flag #" + flag.number() + " upheld: " + flag.category(),
                url(model, flag.number())));
      }
    }
    for (FlagTables.FlagRow flag : inherited.getOrDefault(modelKey(c), List.of())) {
      RepoId from = Views.model(flag.modelId());
      marks.add(
          new Trust.FlagMark(
              flag.number(), from, flag.category(), flag.status(), Optional.of(from)));
      badges.add(
          new Badge(
              Badge.Kind.FLAGGED, "inherited from " + from.fullName(), url(from, flag.number())));
    }
    if (marks.isEmpty()) {
      return entry;
    }
    return entry.withTrust(entry.trust().withFlags(marks)).withBadges(badges);
  }

  private List<FlagTables.FlagRow> ownFlags(Candidate c) {
    List<FlagTables.FlagRow> flags = own.get(modelKey(c));
    if (flags == null) {
      return List.of();
    }
    String notes = Objects.toString(c.notes(), "");
    // The result the flag was raised on: where it was (file and notes), or the very entry wherever
    // it moved (a renamed file keeps its upheld flag).
    return flags.stream()
        .filter(
            f ->
                (f.filePath().equals(c.filePath()) && f.notes().equals(notes))
                    || f.entrySha256().equals(c.entrySha256()))
        .toList();
  }

  private static String modelKey(Candidate c) {
    return c.modelId().toLowerCase(java.util.Locale.ROOT);
  }

  /** The flag's page: its discussion on the model. */
  private static String url(RepoId model, int number) {
    return "/" + model.urlPath() + "/discussions/" + number;
  }
}
