package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.server.FirstSteps;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.HomeView;
import dev.evalhub.server.pages.view.SearchView;
import dev.evalhub.service.LeaderboardService;
import dev.evalhub.service.RepositoryService;
import java.util.List;
import java.util.Optional;

/**
 * Builds the home page (public benchmarks and recent results on public models, from the index) and
 * the search results (visible repositories only). Thread-safe.
 */
final class HomePages {

  /** A search answers with at most this many repositories of each type. */
  static final int MAX_RESULTS = 100;

  /** The home page lists this many recent results. */
  static final int RECENT_RESULTS = 10;

  private final LeaderboardService leaderboards;
  private final RepositoryService repositories;

  HomePages(LeaderboardService leaderboards, RepositoryService repositories) {
    this.leaderboards = leaderboards;
    this.repositories = repositories;
  }

  /**
   * The home page; {@code firstSteps} (the steps with the URL this visitor reached the hub by) are
   * shown while the hub has no benchmark.
   */
  HomeView home(Chrome chrome, FirstSteps firstSteps) {
    List<HomeView.BenchmarkCard> cards =
        leaderboards.benchmarks().stream().map(this::card).toList();
    return new HomeView(
        chrome,
        cards,
        leaderboards.recentResults(RECENT_RESULTS).stream()
            .map(
                r ->
                    new HomeView.Recent(
                        r.model().fullName(),
                        r.datasetId(),
                        r.taskId(),
                        Numbers.format(r.value()),
                        r.verified(),
                        Times.format(r.committed())))
            .toList(),
        cards.isEmpty()
            ? firstSteps.steps().stream()
                .map(s -> new HomeView.FirstStep(s.title(), s.commands(), s.then()))
                .toList()
            : List.of());
  }

  private HomeView.BenchmarkCard card(BenchmarkInfo benchmark) {
    List<Leaderboard> boards =
        leaderboards.leaderboards(benchmark.dataset(), false, Optional.empty());
    return new HomeView.BenchmarkCard(
        benchmark.dataset().fullName(),
        benchmark.name(),
        benchmark.description(),
        boards.stream()
            .map(b -> new HomeView.TaskCount(b.task().taskId(), b.entries().size()))
            .toList());
  }

  SearchView search(Chrome chrome, String query, Optional<Caller> caller) {
    return new SearchView(
        chrome,
        query,
        repositories.search(RepoType.MODEL, query, MAX_RESULTS, caller),
        repositories.search(RepoType.DATASET, query, MAX_RESULTS, caller));
  }
}
