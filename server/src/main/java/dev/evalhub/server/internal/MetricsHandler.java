package dev.evalhub.server.internal;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;

/**
 * {@code GET /metrics}: every metric of {@link HubMetrics} in Prometheus' text exposition format
 * ({@code text/plain; version=0.0.4}), or OpenMetrics when the {@code Accept} header asks for it.
 * Registered only when the {@code metrics} setting is {@code public}. Thread-safe.
 */
public final class MetricsHandler implements Handler {

  private final HubMetrics metrics;

  public MetricsHandler(HubMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    String accept = ctx.header("Accept");
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
    metrics.write(accept, out);
    ctx.contentType(metrics.contentType(accept));
    ctx.header("Cache-Control", "no-store");
    ctx.result(out.toByteArray());
  }
}
