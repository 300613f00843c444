package dev.evalhub.server.pages;

import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.server.pages.view.ResultsChart;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a task's results over time for the benchmark page: the rows the page's filters keep, x the
 * result's effective date, y its value, one series per methodology group (in the order of the
 * tables), scaled by {@link ChartGeometry} as the history chart is. Public for the render
 * benchmark. Stateless.
 */
public final class ResultsCharts {

  /** The plot's box and margins, in SVG user units. */
  static final int WIDTH = 560;

  static final int LEFT = 64;
  static final int RIGHT = 20;
  static final int TOP = 12;
  static final int PLOT_HEIGHT = 180;
  static final int LEGEND_LINE = 18;

  /** The gap between the axes and the outermost markers. */
  static final int PAD = 8;

  /**
   * Marker outlines centred on the origin: circle, square, triangle, diamond, plus, cross; the
   * seventh group on reuses them hollow.
   */
  private static final List<String> MARKERS =
      List.of(
          "M-3.5,0a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0z",
          "M-3,-3h6v6h-6z",
          "M0,-4L4,3L-4,3z",
          "M0,-4.5L4.5,0L0,4.5L-4.5,0z",
          "M-1.2,-4h2.4v2.8h2.8v2.4h-2.8v2.8h-2.4v-2.8h-2.8v-2.4h2.8z",
          "M-4,-2.3L-2.3,-4L0,-1.7L2.3,-4L4,-2.3L1.7,0L4,2.3L2.3,4L0,1.7L-2.3,4L-4,2.3L-1.7,0z");

  private ResultsCharts() {}

  /** The chart of the rows {@code query} keeps, or empty when it keeps none. */
  public static Optional<ResultsChart> of(Leaderboard board, LeaderboardQuery query) {
    Map<Map<String, String>, List<LeaderboardEntry>> byGroup = new LinkedHashMap<>();
    for (LeaderboardEntry entry : board.entries()) {
      if (query.keeps(entry)) {
        byGroup
            .computeIfAbsent(entry.provenance().group().values(), g -> new ArrayList<>())
            .add(entry);
      }
    }
    if (byGroup.isEmpty()) {
      return Optional.empty();
    }
    List<LeaderboardEntry> shown = byGroup.values().stream().flatMap(List::stream).toList();
    long first =
        shown.stream().mapToLong(e -> e.provenance().date().toEpochMilli()).min().orElse(0);
    long last = shown.stream().mapToLong(e -> e.provenance().date().toEpochMilli()).max().orElse(0);
    double low = shown.stream().mapToDouble(e -> e.score().value()).min().orElse(0);
    double high = shown.stream().mapToDouble(e -> e.score().value()).max().orElse(0);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int bottom = TOP + PLOT_HEIGHT;
    List<ResultsChart.Series> series = new ArrayList<>();
    int index = 0;
    for (Map.Entry<Map<String, String>, List<LeaderboardEntry>> group : byGroup.entrySet()) {
      int legendY = bottom + 40 + index * LEGEND_LINE;
      List<ResultsChart.Point> points = new ArrayList<>();
      for (LeaderboardEntry entry : group.getValue()) {
        Instant date = entry.provenance().date();
        points.add(
            new ResultsChart.Point(
                ChartGeometry.coordinate(
                    LEFT
                        + PAD
                        + ChartGeometry.x(date.toEpochMilli(), first, last, plotWidth - 2 * PAD)),
                ChartGeometry.coordinate(
                    TOP
                        + PAD
                        + ChartGeometry.y(entry.score().value(), low, high, PLOT_HEIGHT - 2 * PAD)),
                entry.model().id().fullName()
                    + ": "
                    + number(entry.score().value())
                    + entry.score().stderr().map(s -> " ± " + number(s)).orElse("")
                    + " ("
                    + date(date)
                    + ")"));
      }
      series.add(
          new ResultsChart.Series(
              LeaderboardTables.summary(group.getKey()),
              MARKERS.get(index % MARKERS.size()),
              "results-marker-" + index,
              "s" + index % MARKERS.size() + (index / MARKERS.size() % 2 == 1 ? " hollow" : ""),
              Integer.toString(LEFT + 6),
              Integer.toString(legendY),
              Integer.toString(LEFT + 18),
              points));
      index++;
    }
    String right = Integer.toString(LEFT + plotWidth);
    String lastTick = Integer.toString(LEFT + plotWidth - PAD);
    List<ResultsChart.Label> labels =
        List.of(
            new ResultsChart.Label(
                Integer.toString(LEFT - 6), Integer.toString(TOP + 4), "end", Numbers.format(high)),
            new ResultsChart.Label(
                Integer.toString(LEFT - 6), Integer.toString(bottom), "end", Numbers.format(low)),
            new ResultsChart.Label(
                Integer.toString(LEFT),
                Integer.toString(bottom + 16),
                "start",
                date(Instant.ofEpochMilli(first))),
            new ResultsChart.Label(
                right, Integer.toString(bottom + 16), "end", date(Instant.ofEpochMilli(last))));
    return Optional.of(
        new ResultsChart(
            WIDTH,
            bottom + 40 + byGroup.size() * LEGEND_LINE,
            board.task().taskId()
                + ": "
                + shown.size()
                + (shown.size() == 1 ? " result" : " results")
                + " by date, "
                + byGroup.size()
                + (byGroup.size() == 1 ? " methodology group" : " methodology groups")
                + ", values from "
                + Numbers.format(low)
                + " to "
                + Numbers.format(high),
            "M" + LEFT + "," + TOP + "V" + bottom + "H" + right,
            labels,
            series));
  }

  /** {@code time}'s UTC date, {@code yyyy-MM-dd}. Cheap: a chart prints one per point. */
  static String date(Instant time) {
    return LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400L)).toString();
  }

  /**
   * {@code value} as {@link Numbers#format} prints it (the shortest decimal, no exponent), without
   * its {@code BigDecimal} when {@link Double#toString} already has that form.
   */
  static String number(double value) {
    String text = Double.toString(value);
    if (text.indexOf('E') >= 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return Numbers.format(value);
    }
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
