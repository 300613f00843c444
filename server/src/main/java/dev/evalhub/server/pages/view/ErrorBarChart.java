package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * One methodology group's values with their 95% confidence intervals, drawn as SVG on the server
 * (no JavaScript): one line per row, best first, the model's name on the left, a bar from the
 * interval's lower to its upper bound and a dot at the value, on a shared value axis. Every
 * coordinate is computed already; the template only places the elements and escapes every text.
 * Immutable.
 *
 * @param axis the {@code d} of the value axis' path
 * @param labels the axis' tick labels: the lowest and highest bound drawn
 * @param omitted rows of the group not drawn (past the chart's row limit)
 */
public record ErrorBarChart(
    int width,
    int height,
    String description,
    String axis,
    List<ResultsChart.Label> labels,
    List<Bar> bars,
    int omitted) {

  public ErrorBarChart {
    labels = List.copyOf(labels);
    bars = List.copyOf(bars);
  }

  /**
   * One row: its model (text at {@code (labelX, y)}), its interval from {@code x1} to {@code x2},
   * its value at {@code x}, its tier's band class and its tooltip.
   */
  public record Bar(
      String label,
      String labelX,
      String y,
      String x1,
      String x2,
      String x,
      String band,
      String title) {}
}
