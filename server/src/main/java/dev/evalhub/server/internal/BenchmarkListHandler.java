package dev.evalhub.server.internal;

import dev.evalhub.index.BenchmarkInfo;
import dev.evalhub.index.Index;
import dev.evalhub.storage.HubException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/datasets?filter=benchmark:official}: the registered public benchmarks as dataset infos
 * ({@code id}, {@code author}, {@code tags}) with evalhub's {@code benchmark} block (name, framework, tasks).
 * Other listings of datasets are not served here. Thread-safe.
 */
public final class BenchmarkListHandler implements Handler {

  static final String FILTER = "benchmark:official";

  private final Index index;

  public BenchmarkListHandler(Index index) {
    this.index = index;
  }

  @Override
  public void handle(Context ctx) {
    if (!ctx.queryParams("filter").contains(FILTER)) {
      throw HubException.invalid("only filter=" + FILTER + " is supported by this listing");
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
