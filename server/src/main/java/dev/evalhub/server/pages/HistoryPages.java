package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.HistoryView;
import dev.evalhub.service.HistoryService;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the result history page from {@link HistoryService} (which checks visibility).
 * Thread-safe.
 */
final class HistoryPages {

  /** The chart's drawing box, in SVG user units (the template's viewBox). */
  static final int CHART_WIDTH = 240;

  static final int CHART_HEIGHT = 60;

  private final HistoryService history;

  HistoryPages(HistoryService history) {
    this.history = history;
  }

  HistoryView page(Chrome chrome, RepoId repo, Optional<String> task, Optional<Caller> caller) {
    return new HistoryView(
        chrome,
        repo.fullName(),
        "/" + repo.urlPath(),
        history.of(repo, caller, task).stream().map(HistoryPages::series).toList());
  }

  private static HistoryView.Series series(ResultHistoryEntry entry) {
    List<HistoryView.Step> steps =
        entry.steps().stream()
            .map(
                step ->
                    new HistoryView.Step(
                        Times.format(step.time()),
                        step.actor(),
                        step.kind().id(),
                        step.oldValue().map(Numbers::format).orElse(""),
                        step.newValue().map(Numbers::format).orElse(""),
                        step.pullRequest().map(PrNumber::value).orElse(null)))
            .toList();
    // The chart follows main: a pull request's proposal is not yet the value.
    List<Double> values =
        entry.steps().stream()
            .filter(s -> s.ref().endsWith("/main") && s.newValue().isPresent())
            .map(s -> s.newValue().get())
            .toList();
    double low = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new HistoryView.Series(
        entry.key().file(),
        entry.key().datasetId(),
        entry.key().taskId(),
        entry.key().notes(),
        steps,
        points(values, low, high),
        Numbers.format(low),
        Numbers.format(high));
  }

  /**
   * Evenly spaced in x (one point per change), scaled to the box in y; a single value draws a flat
   * line.
   */
  static String points(List<Double> values, double low, double high) {
    if (values.isEmpty()) {
      return "";
    }
    List<Double> drawn = values.size() == 1 ? List.of(values.get(0), values.get(0)) : values;
    return java.util.stream.IntStream.range(0, drawn.size())
        .mapToObj(
            i ->
                ChartGeometry.coordinate(ChartGeometry.x(i, 0, drawn.size() - 1, CHART_WIDTH))
                    + ","
                    + ChartGeometry.coordinate(
                        ChartGeometry.y(drawn.get(i), low, high, CHART_HEIGHT)))
        .collect(Collectors.joining(" "));
  }
}
