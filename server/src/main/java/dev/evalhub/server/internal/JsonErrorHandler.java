package dev.evalhub.server.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's errors in the API's shape: what Jetty answers before or outside Javalin (a URI or headers
 * too long, a malformed request, a servlet's {@code sendError}, a request that timed out) is the
 * JSON error of {@link ApiErrors} with its {@code X-Error-Code}, never an HTML page or a stack
 * trace. Thread-safe.
 */
public final class JsonErrorHandler extends ErrorHandler {

  private static final String JSON = "application/json; charset=utf-8";

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    HttpFields.Mutable headers = response.getHeaders();
    byte[] body = fill(headers, code, message);
    if (headers.get("X-Request-Id") == null) {
      headers.put("X-Request-Id", RequestIds.next());
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static byte[] fill(HttpFields.Mutable headers, int status, String message) {
    // A 5xx message may carry an exception's text: the log has it, the caller gets a fixed
    // sentence.
    String text =
        status == HttpStatus.SERVICE_UNAVAILABLE_503
            ? "the server is busy; retry later"
            : status >= 500
                ? "internal error; the server log has the details"
                : message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    headers.put(HttpHeader.CONTENT_TYPE, JSON);
    if (headers.get("X-Error-Code") == null) {
      // A filter that refused with sendError may have named the code already (RepoNotFound).
      headers.put("X-Error-Code", ApiErrors.code(status));
    }
    headers.put("X-Error-Message", ApiErrors.headerSummary(text));
    return ApiErrors.body(text);
  }
}
