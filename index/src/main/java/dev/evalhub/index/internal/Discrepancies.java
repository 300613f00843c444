package dev.evalhub.index.internal;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Trust;
import dev.evalhub.domain.leaderboard.Uncertainty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The discrepancies of one task (issue 14; docs/ARCHITECTURE.md, "Discrepancies"): every pair of
 * sources of the same model and methodology group — the task's candidates from {@code main} and
 * open pull requests (a pull request's copy of an entry on {@code main} counts once; the ones that
 * lost the row choice count too) and the model-card results the benchmark maps ({@link
 * CardResults}, in the group of results stating no methodology) — whose values differ by more than
 * a threshold: 1.96 × √(se₁² + se₂²) when both standard errors are known ({@link RowUncertainty}:
 * the file's, the details' clustered or plain one, the binomial one of a binary task with n; 0
 * counts as unknown), else the task's {@code metric.tolerance}, else half a unit of the last
 * written digit of the less precise value. Values outside the task's {@code metric.range} are left
 * out (they are flagged rows already, usually a unit slip). Immutable once built.
 */
public final class Discrepancies {

  /** 1.96: the two-sided 95% normal quantile, as in the rows' intervals. */
  static final double Z_95 = 1.96;

  /** A source with the key of its model and group and its place in its file. */
  private record Located(String key, int index, Trust.Source source) {}

  private static final java.util.Comparator<Located> SOURCE_ORDER =
      java.util.Comparator.<Located>comparingInt(l -> l.source().modelCard() ? 1 : 0)
          .thenComparingInt(l -> l.source().location().pullRequest().map(PrNumber::value).orElse(0))
          .thenComparing(l -> l.source().location().filename())
          .thenComparingInt(Located::index);

  private final Map<String, List<Found>> byModelAndGroup;

  /** One discrepancy between two located sources. */
  private record Found(Located a, Located b, Trust.Discrepancy discrepancy) {}

  private Discrepancies(Map<String, List<Found>> byModelAndGroup) {
    this.byModelAndGroup = byModelAndGroup;
  }

  /**
   * The discrepancies among {@code candidates} (a task's, as {@link IndexQueries#candidates} reads
   * them) and {@code cards} ({@link CardResults#candidates} for the task), under {@code task}'s
   * uncertainty rules and {@code tolerance} (null: none declared).
   */
  public static Discrepancies find(
      List<Candidate> candidates,
      List<CardResults.CardRow> cards,
      BenchmarkInfo.Task task,
      Double tolerance) {
    Set<String> onMain = new HashSet<>();
    candidates.stream()
        .filter(Candidate::onMain)
        .forEach(c -> onMain.add(c.modelId() + "\n" + c.entrySha256()));
    // Grouped first, so that the uncertainty is worked out only where there is a pair to compare.
    Map<String, List<Candidate>> rows = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if ((c.onMain() || !onMain.contains(c.modelId() + "\n" + c.entrySha256()))
          && inRange(c.value(), task)) {
        rows.computeIfAbsent(key(c.modelId(), c.groupKey()), k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, List<CardResults.CardRow>> cardRows = new LinkedHashMap<>();
    for (CardResults.CardRow card : cards) {
      if (inRange(card.value(), task)) {
        cardRows
            .computeIfAbsent(key(card.modelId(), MethodologyGroup.NONE), k -> new ArrayList<>())
            .add(card);
      }
    }
    Map<String, List<Located>> sources = new LinkedHashMap<>();
    Set<String> keys = new java.util.LinkedHashSet<>(rows.keySet());
    keys.addAll(cardRows.keySet());
    for (String key : keys) {
      List<Candidate> results = rows.getOrDefault(key, List.of());
      List<CardResults.CardRow> fromCard = cardRows.getOrDefault(key, List.of());
      if (results.size() + fromCard.size() < 2) {
        continue;
      }
      List<Located> list = new ArrayList<>();
      results.forEach(c -> list.add(located(key, c, task)));
      fromCard.forEach(card -> list.add(located(key, card)));
      sources.put(key, list);
    }
    Map<String, List<Found>> found = new LinkedHashMap<>();
    for (Map.Entry<String, List<Located>> group : sources.entrySet()) {
      List<Located> list = new ArrayList<>(group.getValue());
      // Independent of the order rows come from the database: main, then pull requests by
      // number, then the model card; by file and entry within each.
      list.sort(SOURCE_ORDER);
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          compare(list.get(i), list.get(j), tolerance)
              .ifPresent(
                  d ->
                      found
                          .computeIfAbsent(group.getKey(), k -> new ArrayList<>())
                          .add(new Found(d.a(), d.b(), d.discrepancy())));
        }
      }
    }
    return new Discrepancies(found);
  }

  private static Located located(String key, Candidate c, BenchmarkInfo.Task task) {
    Optional<Uncertainty> uncertainty = RowUncertainty.of(c, task);
    Optional<Double> stderr =
        uncertainty.flatMap(Uncertainty::stderr).filter(se -> se > 0 && Double.isFinite(se));
    return new Located(
        key,
        c.entryIndex(),
        new Trust.Source(
            new ResultLocation(c.filePath(), Optional.ofNullable(c.prNumber()).map(PrNumber::new)),
            false,
            c.value(),
            stderr,
            stderr.isPresent() ? uncertainty.flatMap(Uncertainty::source) : Optional.empty()));
  }

  private static Located located(String key, CardResults.CardRow card) {
    return new Located(
        key,
        card.position(),
        new Trust.Source(
            new ResultLocation(card.filePath(), Optional.empty()),
            true,
            card.value(),
            Optional.empty(),
            Optional.empty()));
  }

  /**
   * The discrepancy between two sources, if their values differ beyond the threshold: see the class
   * comment. A difference within a billionth of the values' magnitude of the threshold counts as
   * equal to it (not beyond).
   */
  static Optional<Found> compare(Located a, Located b, Double tolerance) {
    double difference = Math.abs(a.source().value() - b.source().value());
    double threshold;
    Trust.Basis basis;
    if (a.source().stderr().isPresent() && b.source().stderr().isPresent()) {
      double se1 = a.source().stderr().get();
      double se2 = b.source().stderr().get();
      threshold = Z_95 * Math.sqrt(se1 * se1 + se2 * se2);
      basis = Trust.Basis.STDERR;
    } else if (tolerance != null) {
      threshold = tolerance;
      basis = Trust.Basis.TOLERANCE;
    } else {
      threshold =
          Math.max(
              DetailsSamples.tolerance(a.source().value()),
              DetailsSamples.tolerance(b.source().value()));
      basis = Trust.Basis.PRECISION;
    }
    double slack =
        1e-9 * Math.max(1, Math.max(Math.abs(a.source().value()), Math.abs(b.source().value())));
    if (!(difference > threshold + slack)) {
      return Optional.empty();
    }
    return Optional.of(
        new Found(a, b, new Trust.Discrepancy(a.source(), b.source(), threshold, basis)));
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return byModelAndGroup.isEmpty();
  }

  /**
   * {@code entry} (the ranked row of {@code row}) with every discrepancy of its model and group in
   * its {@link Trust}, each seen from the row's side when the row's own result is one of the two,
   * and a {@code discrepancy} badge per discrepancy linking to the other source.
   */
  public LeaderboardEntry mark(LeaderboardEntry entry, Candidate row) {
    List<Found> found = byModelAndGroup.get(key(row.modelId(), row.groupKey()));
    if (found == null) {
      return entry;
    }
    List<Trust.Discrepancy> discrepancies = new ArrayList<>();
    List<Badge> badges = new ArrayList<>();
    String modelPath = "/" + row.modelId();
    for (Found f : found) {
      boolean rowIsB = isRow(f.b(), row);
      Trust.Discrepancy d = rowIsB ? f.discrepancy().reversed() : f.discrepancy();
      Located own = rowIsB ? f.b() : f.a();
      Located other = rowIsB ? f.a() : f.b();
      discrepancies.add(d);
      badges.add(
          new Badge(
              Badge.Kind.DISCREPANCY, label(d, own.index(), other.index()), url(modelPath, other)));
    }
    return entry.withTrust(entry.trust().withDiscrepancies(discrepancies)).withBadges(badges);
  }

  private static boolean isRow(Located located, Candidate row) {
    Trust.Source s = located.source();
    return !s.modelCard()
        && located.index() == row.entryIndex()
        && s.location().filename().equals(row.filePath())
        && java.util.Objects.equals(
            s.location().pullRequest().map(PrNumber::value).orElse(null), row.prNumber());
  }

  /**
   * "0.637 in .eval_results/a.yaml vs 0.488 in PR #3 (beyond 1.96 × combined stderr 0.021)": the
   * two values, where each lives (an entry's index when both are in one file), and the threshold
   * with its basis.
   */
  public static String label(Trust.Discrepancy d, int ownIndex, int otherIndex) {
    boolean sameFile = d.source().location().equals(d.other().location());
    return number(d.source().value())
        + " in "
        + where(d.source(), sameFile ? ownIndex : -1)
        + " vs "
        + number(d.other().value())
        + " in "
        + where(d.other(), sameFile ? otherIndex : -1)
        + " (beyond "
        + switch (d.basis()) {
          case STDERR -> "1.96 × combined stderr " + number(d.threshold() / Z_95);
          case TOLERANCE -> "the task's tolerance " + number(d.threshold());
          case PRECISION -> "the written precision ±" + number(d.threshold());
        }
        + ")";
  }

  private static String where(Trust.Source source, int index) {
    if (source.modelCard()) {
      return "the model card (" + source.location().filename() + ")";
    }
    String file =
        index >= 0
            ? "entry " + (index + 1) + " of " + source.location().filename()
            : source.location().filename();
    return source.location().pullRequest().map(pr -> "PR #" + pr.value()).orElse(file);
  }

  /** The page of the other source: its pull request, else its file on {@code main}. */
  private static String url(String modelPath, Located other) {
    ResultLocation location = other.source().location();
    return location
        .pullRequest()
        .map(pr -> modelPath + "/discussions/" + pr.value())
        .orElse(modelPath + "/blob/main/" + location.filename());
  }

  /** A value as people write it: at most 4 significant decimals beyond what it needs. */
  static String number(double value) {
    java.math.BigDecimal exact = java.math.BigDecimal.valueOf(value).stripTrailingZeros();
    if (exact.scale() <= 4 || Math.abs(value) >= 1) {
      java.math.BigDecimal rounded =
          exact.scale() > 4 ? exact.setScale(4, java.math.RoundingMode.HALF_UP) : exact;
      return rounded.stripTrailingZeros().toPlainString();
    }
    return exact
        .round(new java.math.MathContext(2, java.math.RoundingMode.HALF_UP))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static boolean inRange(double value, BenchmarkInfo.Task task) {
    return task.range().map(r -> value >= r.min() && value <= r.max()).orElse(true);
  }

  private static String key(String modelId, String groupKey) {
    return modelId.toLowerCase(Locale.ROOT) + "\n" + groupKey;
  }
}
