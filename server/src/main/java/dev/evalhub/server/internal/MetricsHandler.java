package dev.evalhub.server.internal;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code GET /metrics}: every metric of {@link HubMetrics} in Prometheus' text exposition format
 * ({@code text/plain; version=0.0.4}), or OpenMetrics when the {@code Accept} header asks for it.
 * Registered unless the {@code metrics} setting is {@code off}; with {@code loopback} only a
 * request from a loopback address that carries no proxy header is answered, any other gets the 404
 * of a route that does not exist. Thread-safe.
 */
public final class MetricsHandler implements Handler {

  private final HubMetrics metrics;

  /** The proxy headers that make a loopback request one a proxy on this machine passed on. */
  private static final List<String> PROXY_HEADERS =
      List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

  private final boolean loopbackOnly;

  /** Serves {@code metrics} to anyone, or, when {@code loopbackOnly}, to local scrapers only. */
  public MetricsHandler(HubMetrics metrics, boolean loopbackOnly) {
    this.metrics = metrics;
    this.loopbackOnly = loopbackOnly;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    if (loopbackOnly && !fromLocalScraper(ctx)) {
      throw new NotFoundResponse("Endpoint GET /metrics not found");
    }
    String accept = ctx.header("Accept");
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
    metrics.write(accept, out);
    ctx.contentType(metrics.contentType(accept));
    ctx.header("Cache-Control", "no-store");
    ctx.result(out.toByteArray());
  }

  /**
   * Whether the request's TCP peer is a loopback address and it names no forwarded client. The
   * address is the connection's own: the forwarded-headers customizer would put a forwarded
   * client's address there, but only when such a header is present, and then it is refused.
   */
  private static boolean fromLocalScraper(Context ctx) {
    for (String header : PROXY_HEADERS) {
      if (ctx.req().getHeader(header) != null) {
        return false;
      }
    }
    String peer = ctx.req().getRemoteAddr();
    if (peer == null || !peer.matches("[0-9a-fA-F:.\\[\\]%]+")) {
      return false;
    }
    try {
      // A literal address: no name is looked up.
      return InetAddress.getByName(peer).isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }
}
