package dev.evalhub.server.internal;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A leaderboard as one flat, typed table: the columns its CSV and Parquet exports share, and one
 * row per leaderboard row (every methodology group, in the leaderboard's order: group, then rank;
 * then the rows flagged outside the task's range, rank 0). A cell is an {@link Integer}, {@link
 * Long}, {@link Double}, {@link Boolean}, {@link String}, {@link java.time.Instant} or null
 * (absent). Immutable.
 *
 * <p>The columns: {@code dataset, task_id, rank} (0 for a flagged row), {@code model, value,
 * stderr} (the hub's, else the file's), {@code num_samples} (as the file states it), {@code n} (the
 * items the value rests on), {@code stderr_source} ({@code file, details, clustered, binomial}),
 * {@code ci_lower, ci_upper, ci_method} (the 95% interval: {@code wilson, normal, clustered}),
 * {@code rank_upper, tier} (the statistical rank), {@code group} (the group key, {@code key=value}
 * pairs joined by {@code ;}), one {@code methodology_KEY} per key of the groups (framework,
 * scoring, num_fewshot, ...), {@code provenance} ({@code main} or {@code pull_request}), {@code
 * pull_request, verified, badges} (badge types, space-separated), {@code date} (the result's
 * effective date), {@code source_url, source_name, filename, notes}, {@code claims} (open pull
 * requests' differing values, {@code VALUE@pr#N} space-separated) and {@code flag} (why a value
 * outside the task's range is not ranked).
 */
record LeaderboardTable(List<Column> columns, List<List<Object>> rows) {

  /** A column's type, as SQL (DuckDB) names it. */
  enum Type {
    INTEGER,
    BIGINT,
    DOUBLE,
    BOOLEAN,
    VARCHAR,
    TIMESTAMPTZ
  }

  /** A column: its name (lower case, {@code [a-z0-9_]}) and type. */
  record Column(String name, Type type) {
    Column {
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a column name: \"" + name + "\"");
      }
      Objects.requireNonNull(type, "type");
    }
  }

  LeaderboardTable {
    columns = List.copyOf(columns);
    // Rows hold nulls: unmodifiable copies that allow them.
    rows =
        rows.stream()
            .map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
            .toList();
  }

  private static final List<Column> HEAD =
      List.of(
          new Column("dataset", Type.VARCHAR),
          new Column("task_id", Type.VARCHAR),
          new Column("rank", Type.INTEGER),
          new Column("model", Type.VARCHAR),
          new Column("value", Type.DOUBLE),
          new Column("stderr", Type.DOUBLE),
          new Column("num_samples", Type.BIGINT),
          new Column("n", Type.BIGINT),
          new Column("stderr_source", Type.VARCHAR),
          new Column("ci_lower", Type.DOUBLE),
          new Column("ci_upper", Type.DOUBLE),
          new Column("ci_method", Type.VARCHAR),
          new Column("rank_upper", Type.INTEGER),
          new Column("tier", Type.INTEGER),
          new Column("group", Type.VARCHAR));

  private static final List<Column> TAIL =
      List.of(
          new Column("provenance", Type.VARCHAR),
          new Column("pull_request", Type.INTEGER),
          new Column("verified", Type.BOOLEAN),
          new Column("badges", Type.VARCHAR),
          new Column("date", Type.TIMESTAMPTZ),
          new Column("source_url", Type.VARCHAR),
          new Column("source_name", Type.VARCHAR),
          new Column("filename", Type.VARCHAR),
          new Column("notes", Type.VARCHAR),
          new Column("claims", Type.VARCHAR),
          new Column("flag", Type.VARCHAR));

  /** Every row of {@code board}: the ranked rows, then the flagged ones (rank 0). */
  static LeaderboardTable of(Leaderboard board) {
    List<LeaderboardEntry> entries = new ArrayList<>(board.entries());
    entries.addAll(board.flagged());
    Set<String> keys = new LinkedHashSet<>();
    for (LeaderboardEntry entry : entries) {
      keys.addAll(entry.provenance().group().values().keySet());
    }
    List<Column> columns = new ArrayList<>(HEAD);
    for (String key : keys) {
      columns.add(new Column("methodology_" + key.replaceAll("[^a-z0-9_]", "_"), Type.VARCHAR));
    }
    columns.addAll(TAIL);
    List<List<Object>> rows = new ArrayList<>();
    for (LeaderboardEntry entry : entries) {
      rows.add(row(board, entry, keys));
    }
    return new LeaderboardTable(columns, rows);
  }

  private static List<Object> row(Leaderboard board, LeaderboardEntry entry, Set<String> keys) {
    LeaderboardEntry.Provenance provenance = entry.provenance();
    Map<String, String> group = provenance.group().values();
    Optional<Uncertainty> uncertainty = entry.uncertainty();
    OptionalLong n =
        uncertainty
            .map(Uncertainty::n)
            .filter(OptionalLong::isPresent)
            .orElse(provenance.numSamples());
    Optional<Uncertainty.ConfidenceInterval> ci = uncertainty.flatMap(Uncertainty::ci);
    Optional<StatisticalRank> rank = entry.statistics();
    List<Object> row =
        new ArrayList<>(
            Arrays.asList(
                board.task().benchmark().fullName(),
                board.task().taskId(),
                entry.rank(),
                entry.model().id().fullName(),
                entry.score().value(),
                uncertainty
                    .flatMap(Uncertainty::stderr)
                    .or(() -> entry.score().stderr())
                    .orElse(null),
                provenance.numSamples().isPresent() ? provenance.numSamples().getAsLong() : null,
                n.isPresent() ? n.getAsLong() : null,
                uncertainty.flatMap(Uncertainty::source).map(Uncertainty.Source::id).orElse(null),
                ci.map(Uncertainty.ConfidenceInterval::lower).orElse(null),
                ci.map(Uncertainty.ConfidenceInterval::upper).orElse(null),
                ci.map(Uncertainty.ConfidenceInterval::method).orElse(null),
                rank.map(StatisticalRank::rankUpper).orElse(null),
                rank.map(StatisticalRank::tier).orElse(null),
                group.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";"))));
    for (String key : keys) {
      row.add(group.get(key));
    }
    row.addAll(
        Arrays.asList(
            entry.location().onMain() ? "main" : "pull_request",
            entry.location().pullRequest().map(PrNumber::value).orElse(null),
            entry.verdict().verified(),
            entry.badges().stream()
                // On the leaderboard itself, "on this leaderboard" says nothing.
                .filter(b -> b.kind() != Badge.Kind.LEADERBOARD)
                .map(b -> b.kind().id())
                .collect(Collectors.joining(" ")),
            provenance.date(),
            provenance.source().map(LeaderboardEntry.SourceLink::url).orElse(null),
            provenance.source().flatMap(LeaderboardEntry.SourceLink::name).orElse(null),
            entry.location().filename(),
            provenance.notes().orElse(null),
            entry.claims().isEmpty()
                ? null
                : entry.claims().stream()
                    .map(c -> c.value() + "@pr#" + c.pullRequest().value())
                    .collect(Collectors.joining(" ")),
            entry
                .flag()
                .map(f -> f.reason() + f.hint().map(h -> " (" + h + ")").orElse(""))
                .orElse(null)));
    return row;
  }
}
