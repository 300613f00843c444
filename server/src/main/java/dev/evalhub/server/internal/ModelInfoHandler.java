package dev.evalhub.server.internal;

import dev.evalhub.index.EvalResult;
import dev.evalhub.index.Index;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/models/{ns}/{name}[?expand[]=evalResults]}: a minimal model info ({@code id}, {@code modelId},
 * {@code author}) with the model's {@code evalResults} when asked for, in the Hub's shape. Thread-safe.
 */
public final class ModelInfoHandler implements Handler {

  private final Index index;
  private final Callers callers;

  public ModelInfoHandler(Index index, Callers callers) {
    this.index = index;
    this.callers = callers;
  }

  @Override
  public void handle(Context ctx) {
    String model = ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    List<EvalResult> results = index.evalResults(model, callers.of(ctx));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("id", model);
    info.put("modelId", model);
    info.put("author", ctx.pathParam("ns"));
    if (ctx.queryParams("expand[]").contains("evalResults") || ctx.queryParams("expand").contains("evalResults")) {
      info.put("evalResults", results);
    }
    JsonResponses.write(ctx, info);
  }
}
