package dev.evalhub.server.pages;

/**
 * The geometry of the pages' server-side SVG charts (drawn without JavaScript: the history page's
 * line, the leaderboard's results over time): a value scaled linearly into a drawing box, and SVG
 * coordinates printed the same on every machine. Stateless.
 */
final class ChartGeometry {

  private ChartGeometry() {}

  /**
   * {@code value} of the range {@code [low, high]} as an x coordinate in {@code [0, width]}; an
   * empty range puts every value in the middle.
   */
  static double x(double value, double low, double high, double width) {
    double span = high - low;
    return span == 0 ? width / 2.0 : (value - low) / span * width;
  }

  /**
   * {@code value} of the range {@code [low, high]} as a y coordinate in {@code [0, height]}, higher
   * values nearer the top; an empty range puts every value in the middle.
   */
  static double y(double value, double low, double high, double height) {
    double span = high - low;
    return span == 0 ? height / 2.0 : height - (value - low) / span * height;
  }

  /**
   * A coordinate as SVG attributes take it: rounded to one decimal (half up), a dot, whatever the
   * locale ({@code 12.0}, {@code -0.5}). Cheap: a chart prints two per point.
   */
  static String coordinate(double value) {
    long tenths = Math.round(value * 10);
    long magnitude = Math.abs(tenths);
    return (tenths < 0 ? "-" : "") + magnitude / 10 + "." + magnitude % 10;
  }
}
