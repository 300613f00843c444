package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/datasets}: with {@code filter=benchmark:official}, the registered public
 * benchmarks as dataset infos ({@code id}, {@code author}, {@code tags}) with evalhub's {@code
 * benchmark} block (name, framework, tasks), from the index; any other query is the repository
 * listing's. Thread-safe.
 */
public final class BenchmarkListHandler implements Handler {

  static final String FILTER = "benchmark:official";

  private final LeaderboardService leaderboards;
  private final Handler repositoryListing;

  public BenchmarkListHandler(LeaderboardService leaderboards, Handler repositoryListing) {
    this.leaderboards = leaderboards;
    this.repositoryListing = repositoryListing;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    if (!ctx.queryParams("filter").contains(FILTER)) {
      repositoryListing.handle(ctx);
      return;
    }
    List<Map<String, Object>> datasets =
        leaderboards.benchmarks().stream().map(BenchmarkListHandler::info).toList();
    JsonResponses.write(ctx, datasets);
  }

  private static Map<String, Object> info(BenchmarkInfo benchmark) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("id", benchmark.dataset().fullName());
    info.put("author", benchmark.dataset().namespace());
    info.put("private", false);
    info.put("tags", List.of(FILTER));
    info.put("benchmark", LeaderboardJson.benchmark(benchmark));
    return info;
  }
}
