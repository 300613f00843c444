package dev.evalhub.server.pages;

import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.Uncertainty;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pages say of a leaderboard's uncertainty: a row's interval ({@code ± h}, half the width
 * of its 95% confidence interval, the exact interval in its title), what a group's tiers rest on,
 * its power, and the link comparing two rows. Stateless.
 */
final class StatisticsTexts {

  private static final Map<String, String> TESTS =
      Map.of(
          "mcnemar-exact", "McNemar's exact test on per-sample details",
          "paired-t", "paired t-tests on per-sample details",
          "unpaired-z", "unpaired z-tests on standard errors");

  private StatisticsTexts() {}

  /**
   * {@code ± h} for a row with a confidence interval, {@code SE s} with only a stderr, else null.
   */
  static String interval(LeaderboardEntry entry) {
    Optional<Uncertainty> uncertainty = entry.uncertainty();
    Optional<Uncertainty.ConfidenceInterval> ci = uncertainty.flatMap(Uncertainty::ci);
    if (ci.isPresent()) {
      return "± " + significant((ci.get().upper() - ci.get().lower()) / 2, 2);
    }
    return uncertainty
        .flatMap(Uncertainty::stderr)
        .or(() -> entry.score().stderr())
        .map(s -> "SE " + significant(s, 2))
        .orElse(null);
  }

  /** The exact interval, as the row's tooltip: {@code 95% CI [0.629, 0.645] (wilson)}. */
  static String intervalTitle(LeaderboardEntry entry) {
    return entry
        .uncertainty()
        .flatMap(Uncertainty::ci)
        .map(
            ci ->
                Math.round(ci.level() * 100)
                    + "% CI ["
                    + significant(ci.lower(), 4)
                    + ", "
                    + significant(ci.upper(), 4)
                    + "] ("
                    + ci.method()
                    + ")")
        .orElse(null);
  }

  /**
   * What a group's tiers rest on: "Tiers: McNemar's exact test on per-sample details for 12 pairs,
   * unpaired z-tests on standard errors for 3; Holm-corrected at α = 0.05."
   */
  static String tests(GroupStatistics statistics) {
    List<String> parts = new ArrayList<>();
    statistics
        .testsByMethod()
        .forEach(
            (method, pairs) -> {
              if (pairs > 0) {
                parts.add(
                    TESTS.getOrDefault(method, method)
                        + " for "
                        + pairs
                        + (pairs == 1 ? " pair" : " pairs"));
              }
            });
    StringBuilder text = new StringBuilder("Tiers decided by ");
    text.append(parts.isEmpty() ? "no test" : String.join(", ", parts))
        .append("; Holm-corrected at α = ")
        .append(significant(statistics.alpha(), 2))
        .append('.');
    if (statistics.notEstablished() > 0) {
      text.append(' ')
          .append(statistics.notEstablished())
          .append(statistics.notEstablished() == 1 ? " pair" : " pairs")
          .append(" not established (a row without standard error).");
    }
    if (statistics.rankedRows() >= statistics.rankedLimit()) {
      text.append(" Only the best ")
          .append(statistics.rankedLimit())
          .append(" rows are ranked statistically.");
    }
    return text.toString();
  }

  /**
   * The group's power, when known: "At n = 198 items, a difference smaller than 0.141 cannot be
   * told apart with 80% power (α = 0.05)."
   */
  static String power(GroupStatistics statistics) {
    if (statistics.n().isEmpty() || statistics.minimumDetectableDifference().isEmpty()) {
      return null;
    }
    return "At n = "
        + statistics.n().getAsLong()
        + " items, a difference smaller than "
        + significant(statistics.minimumDetectableDifference().getAsDouble(), 3)
        + " cannot be told apart with 80% power (α = "
        + significant(statistics.alpha(), 2)
        + ").";
  }

  /**
   * The compare page of {@code group} of {@code task} without its models: {@code
   * /datasets/NS/NAME/compare?task_id=T&group=KEY}, to which {@link #compareUrl} adds them; without
   * {@code group} for the leaderboard's first group, the one the page picks by default for two of
   * its models.
   */
  static String compareBase(TaskRef task, MethodologyGroup group, boolean first) {
    String base =
        "/datasets/" + task.benchmark().fullName() + "/compare?task_id=" + encode(task.taskId());
    return first ? base : base + "&group=" + encode(group.key());
  }

  /** The compare page of rows {@code a} and {@code b}, from their group's {@link #compareBase}. */
  static String compareUrl(String base, LeaderboardEntry a, LeaderboardEntry b) {
    return base + "&a=" + a.model().id().fullName() + "&b=" + b.model().id().fullName();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** {@code value} to {@code digits} significant digits, plain (never exponent form). */
  static String significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .round(new MathContext(digits))
        .stripTrailingZeros()
        .toPlainString();
  }
}
