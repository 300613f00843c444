package dev.evalhub.server.pages;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import gg.jte.Content;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark page's results-over-time chart ({@link ResultsCharts}, rendered by {@code
 * chart.jte}), rendered once per leaderboard and filter set and reused: the index caches a computed
 * leaderboard until its next change, so the same {@link Leaderboard} instance comes back for every
 * page of that generation, and its chart (hundreds of markers with their tooltips) is the same SVG.
 * Entries are held by the leaderboard's identity (never its deep equality) and weakly: a
 * leaderboard the index has dropped takes its charts with it. Thread-safe.
 */
public final class ResultsChartSvgs {

  /** The filters a chart depends on ({@link LeaderboardQuery#keeps}); the sort does not matter. */
  private record Filters(boolean verifiedOnly, boolean includeCommunity) {}

  private final PageRenderer renderer;
  private final Cache<Leaderboard, Map<Filters, Optional<String>>> svgs;

  /** Renders with {@code renderer}; keeps the charts of at most {@code maxLeaderboards}. */
  public ResultsChartSvgs(PageRenderer renderer, int maxLeaderboards) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.svgs = Caffeine.newBuilder().weakKeys().maximumSize(maxLeaderboards).build();
  }

  /**
   * The chart of the rows of {@code board} that {@code query} keeps, as template content (the SVG,
   * escaped when it was rendered), or null when it keeps none.
   */
  public Content of(Leaderboard board, LeaderboardQuery query) {
    Filters filters = new Filters(query.verifiedOnly(), query.includeCommunity());
    Optional<String> svg =
        svgs.get(board, b -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                filters,
                f ->
                    ResultsCharts.of(board, query)
                        .map(chart -> renderer.render("chart.jte", chart)));
    return svg.<Content>map(text -> output -> output.writeContent(text)).orElse(null);
  }
}
