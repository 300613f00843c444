package dev.evalhub.server.pages;

import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.server.pages.view.ErrorBarChart;
import dev.evalhub.server.pages.view.ResultsChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Draws a methodology group's error-bar chart (see {@link ErrorBarChart}): its ranked rows that
 * have a 95% confidence interval, in rank order, at most {@link #MAX_ROWS}, on one value axis from
 * the lowest lower bound to the highest upper bound. Stateless.
 */
final class ErrorBarCharts {

  /** The most rows one chart draws: past it, the chart says how many it leaves out. */
  static final int MAX_ROWS = 40;

  private static final int WIDTH = 640;
  private static final int LABEL_WIDTH = 210;
  private static final int PLOT_LEFT = LABEL_WIDTH + 10;
  private static final int PLOT_WIDTH = WIDTH - PLOT_LEFT - 20;
  private static final int ROW_HEIGHT = 18;
  private static final int TOP = 8;
  private static final int AXIS_SPACE = 26;
  private static final int MAX_LABEL = 30;

  private ErrorBarCharts() {}

  /** The chart of {@code rows} (ranked, best first); empty when none has an interval. */
  static Optional<ErrorBarChart> of(String groupLabel, List<LeaderboardEntry> rows) {
    List<LeaderboardEntry> drawn = new ArrayList<>();
    int withInterval = 0;
    for (LeaderboardEntry row : rows) {
      if (row.uncertainty().flatMap(Uncertainty::ci).isPresent()) {
        withInterval++;
        if (drawn.size() < MAX_ROWS) {
          drawn.add(row);
        }
      }
    }
    if (drawn.isEmpty()) {
      return Optional.empty();
    }
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (LeaderboardEntry row : drawn) {
      Uncertainty.ConfidenceInterval ci = interval(row);
      low = Math.min(low, Math.min(ci.lower(), row.score().value()));
      high = Math.max(high, Math.max(ci.upper(), row.score().value()));
    }
    int plotHeight = drawn.size() * ROW_HEIGHT;
    List<ErrorBarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      LeaderboardEntry row = drawn.get(i);
      Uncertainty.ConfidenceInterval ci = interval(row);
      String model = row.model().id().fullName();
      bars.add(
          new ErrorBarChart.Bar(
              model.length() > MAX_LABEL ? model.substring(0, MAX_LABEL - 1) + "…" : model,
              Integer.toString(LABEL_WIDTH),
              ChartGeometry.coordinate(TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2.0),
              x(ci.lower(), low, high),
              x(ci.upper(), low, high),
              x(row.score().value(), low, high),
              row.statistics()
                  .map(StatisticalRank::tier)
                  .map(t -> t % 2 == 1 ? "tier-odd" : "tier-even")
                  .orElse(""),
              model
                  + ": "
                  + Numbers.format(row.score().value())
                  + ", "
                  + StatisticsTexts.intervalTitle(row)
                  + row.statistics().map(s -> ", tier " + s.tier()).orElse("")));
    }
    int axisY = TOP + plotHeight + 4;
    String axis =
        "M"
            + PLOT_LEFT
            + " "
            + axisY
            + "H"
            + (PLOT_LEFT + PLOT_WIDTH)
            + "M"
            + PLOT_LEFT
            + " "
            + axisY
            + "v4M"
            + (PLOT_LEFT + PLOT_WIDTH)
            + " "
            + axisY
            + "v4";
    String tickY = Integer.toString(axisY + 16);
    List<ResultsChart.Label> labels =
        List.of(
            new ResultsChart.Label(
                Integer.toString(PLOT_LEFT), tickY, "start", StatisticsTexts.significant(low, 4)),
            new ResultsChart.Label(
                Integer.toString(PLOT_LEFT + PLOT_WIDTH),
                tickY,
                "end",
                StatisticsTexts.significant(high, 4)));
    return Optional.of(
        new ErrorBarChart(
            WIDTH,
            TOP + plotHeight + AXIS_SPACE,
            "Values with their 95% confidence intervals, " + groupLabel,
            axis,
            labels,
            bars,
            withInterval - drawn.size()));
  }

  private static Uncertainty.ConfidenceInterval interval(LeaderboardEntry row) {
    return row.uncertainty().flatMap(Uncertainty::ci).orElseThrow();
  }

  private static String x(double value, double low, double high) {
    return ChartGeometry.coordinate(PLOT_LEFT + ChartGeometry.x(value, low, high, PLOT_WIDTH));
  }
}
