package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * A task's results over time, drawn as SVG on the server (no JavaScript): one point per leaderboard
 * row at its effective date (x) and value (y), one series (marker shape and colour) per methodology
 * group, with a legend. Every coordinate is computed already; the template only places the
 * elements, and escapes every text. Immutable.
 *
 * @param axes the {@code d} of the axes' path
 * @param labels the axes' tick labels: first and last date, lowest and highest value
 */
public record ResultsChart(
    int width,
    int height,
    String description,
    String axes,
    List<Label> labels,
    List<Series> series) {

  public ResultsChart {
    labels = List.copyOf(labels);
    series = List.copyOf(series);
  }

  /** A text at {@code (x, y)}, anchored {@code start}, {@code middle} or {@code end}. */
  public record Label(String x, String y, String anchor, String text) {}

  /**
   * One methodology group: its label, the {@code d} of its marker (centred on the origin) and the
   * id the points refer to it by, its CSS classes, where its legend entry sits, and its points.
   */
  public record Series(
      String label,
      String marker,
      String markerId,
      String style,
      String legendX,
      String legendY,
      String legendTextX,
      List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** One row: where its marker goes and its tooltip (model, value, date). */
  public record Point(String x, String y, String title) {}
}
