package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.index.Index;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/datasets}: with {@code filter=benchmark:official}, the registered public benchmarks as dataset
 * infos ({@code id}, {@code author}, {@code tags}) with evalhub's {@code benchmark} block (name, framework, tasks),
 * from the index; any other query is the repository listing's. Thread-safe.
 */
public final class BenchmarkListHandler implements Handler {

  static final String FILTER = "benchmark:official";

  private final Index index;
  private final Handler repositoryListing;

  public BenchmarkListHandler(Index index, Handler repositoryListing) {
    this.index = index;
    this.repositoryListing = repositoryListing;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    if (!ctx.queryParams("filter").contains(FILTER)) {
      repositoryListing.handle(ctx);
      return;
    }
    List<Map<String, Object>> datasets = index.benchmarks().stream().map(BenchmarkListHandler::info).toList();
    JsonResponses.write(ctx, datasets);
  }

  private static Map<String, Object> info(BenchmarkInfo benchmark) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("id", benchmark.datasetId());
    info.put("author", benchmark.datasetId().substring(0, benchmark.datasetId().indexOf('/')));
    info.put("private", false);
    info.put("tags", List.of(FILTER));
    info.put("benchmark", benchmark);
    return info;
  }
}
