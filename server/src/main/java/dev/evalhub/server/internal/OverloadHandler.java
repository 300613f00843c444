package dev.evalhub.server.internal;

import dev.evalhub.server.OverloadLimits;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's {@link QoSHandler} with the bounds of {@link OverloadLimits}, whose refusals (queue full,
 * waited too long) are {@code 503} with {@code Retry-After} in the API's error shape (written by
 * the server's {@link JsonErrorHandler}) and are counted by {@code onRejection}. The operations
 * routes ({@code /health}, {@code /health/*}, {@code /metrics}) bypass the limits: an instance that
 * is busy but alive keeps answering its probes and its scrapes. Thread-safe.
 */
public final class OverloadHandler extends QoSHandler {

  private final String retryAfterSeconds;

  /** The paths the limits never refuse, as Jetty path specs: the probes and the scrape. */
  public static final List<String> EXEMPT_PATHS = List.of("/health", "/health/*", "/metrics");

  private final Consumer<String> onRejection;

  /**
   * A handler refusing past {@code limits}; {@code onRejection} is told the method of every request
   * refused, once each (on the thread that refuses it).
   */
  public OverloadHandler(OverloadLimits limits, Consumer<String> onRejection) {
    this.onRejection = onRejection;
    excludePath(EXEMPT_PATHS.toArray(String[]::new));
    setMaxRequestCount(limits.maxActiveRequests());
    setMaxSuspendedRequestCount(limits.maxQueuedRequests());
    setMaxSuspend(limits.maxQueueWait());
    setRejectStatusCode(HttpStatus.SERVICE_UNAVAILABLE_503);
    this.retryAfterSeconds = Long.toString(limits.retryAfter().toSeconds());
  }

  /** Whether the limits never refuse a request for the route {@code path}. */
  public static boolean isExempt(String path) {
    return path.equals("/health") || path.startsWith("/health/") || path.equals("/metrics");
  }

  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    onRejection.accept(request.getMethod());
    retryAfter(response, status);
    super.reject(request, response, callback, status);
  }

  @Override
  protected void failSuspended(
      Request request, Response response, Callback callback, int status, Throwable failure) {
    onRejection.accept(request.getMethod());
    retryAfter(response, status);
    super.failSuspended(request, response, callback, status, failure);
  }

  private void retryAfter(Response response, int status) {
    if (status == HttpStatus.SERVICE_UNAVAILABLE_503 && !response.isCommitted()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
    }
  }
}
