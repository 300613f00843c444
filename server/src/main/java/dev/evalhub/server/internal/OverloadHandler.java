package dev.evalhub.server.internal;

import dev.evalhub.server.OverloadLimits;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's {@link QoSHandler} with the bounds of {@link OverloadLimits}, whose refusals (queue full,
 * waited too long) are {@code 503} with {@code Retry-After} in the API's error shape (written by
 * the server's {@link JsonErrorHandler}). Thread-safe.
 */
public final class OverloadHandler extends QoSHandler {

  private final String retryAfterSeconds;

  public OverloadHandler(OverloadLimits limits) {
    setMaxRequestCount(limits.maxActiveRequests());
    setMaxSuspendedRequestCount(limits.maxQueuedRequests());
    setMaxSuspend(limits.maxQueueWait());
    setRejectStatusCode(HttpStatus.SERVICE_UNAVAILABLE_503);
    this.retryAfterSeconds = Long.toString(limits.retryAfter().toSeconds());
  }

  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    retryAfter(response, status);
    super.reject(request, response, callback, status);
  }

  @Override
  protected void failSuspended(
      Request request, Response response, Callback callback, int status, Throwable failure) {
    retryAfter(response, status);
    super.failSuspended(request, response, callback, status, failure);
  }

  private void retryAfter(Response response, int status) {
    if (status == HttpStatus.SERVICE_UNAVAILABLE_503 && !response.isCommitted()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
    }
  }
}
