package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.server.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;

/**
 * The one place where refusals become HTTP responses: a status and an {@code X-Error-Code} per
 * {@link HubException.Kind}, a JSON body {@code {"error": "..."}} and the {@code X-Error-Message}
 * header that the Python client reads. Stateless.
 */
public final class ApiErrors {

  /** The longest {@code X-Error-Message}: a summary; the body has the whole message. */
  public static final int MAX_HEADER_MESSAGE = 1024;

  /**
   * How much of a refused body is still read (and dropped) before a 413 is sent, as Tomcat's {@code
   * maxSwallowSize} does: a client still sending when the server closes would otherwise get a
   * connection reset instead of the answer. A larger body still gets the reset.
   */
  static final long MAX_SWALLOW_BYTES = 16L << 20;

  private ApiErrors() {}

  public static void write(Context ctx, HubException e) {
    write(ctx, status(e.kind()), code(e.kind()), e.getMessage());
  }

  public static void write(Context ctx, int status, String code, String message) {
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Basic realm=\"evalhub\"");
    }
    if (status == 503) {
      ctx.header("Retry-After", "1");
    }
    if (status == 413) {
      swallowBody(ctx);
      ctx.header("Connection", "close");
    }
    ctx.status(status);
    ctx.header("X-Error-Code", code);
    ctx.header("X-Error-Message", headerSummary(message));
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(body(message));
  }

  /**
   * Answers an exception that no handler expected: Jetty's own refusals (a request body slower than
   * the floor: 408) with their status, a body that stopped arriving (the idle timeout) with 408, a
   * client that went away with nothing it could read, anything else with a logged 500 that reveals
   * nothing.
   */
  public static void writeUnexpected(Context ctx, Exception e, Logger log) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestBodyFilter.Failure body) {
        write(ctx, body.status(), code(body.status()), body.getMessage());
        return;
      }
      if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        write(
            ctx,
            http.getCode(),
            code(http.getCode()),
            http.getReason() == null ? "bad request" : http.getReason());
        return;
      }
      if (cause instanceof TimeoutException) {
        write(ctx, 408, code(408), "the request body stopped arriving (idle-timeout-seconds)");
        return;
      }
      if (cause instanceof EofException) {
        log.debug("{} {}: the client went away", ctx.method(), ctx.path());
        write(ctx, 400, code(400), "the request body ended early");
        return;
      }
    }
    log.error("{} {} failed", ctx.method(), ctx.path(), e);
    write(ctx, 500, "InternalError", "internal error; the server log has the details");
  }

  /**
   * Reads what is left of the request body, up to {@link #MAX_SWALLOW_BYTES}; a failure to read
   * ends it.
   */
  private static void swallowBody(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] sink = new byte[64 << 10];
      long left = MAX_SWALLOW_BYTES;
      for (int n = in.read(sink); n >= 0 && left > 0; n = in.read(sink)) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      // The body is broken or gone: nothing to protect the answer from.
    }
  }

  /** The JSON body of an error: {@code {"error": message}}, UTF-8. */
  public static byte[] body(String message) {
    return Json.bytes(Map.of("error", message));
  }

  /**
   * The {@code X-Error-Message} of {@code message}: its first line, then {@code " (and N more)"}
   * for the other lines (one diagnostic a line), printable ASCII only (header values are one
   * ISO-8859-1 line), at most {@link #MAX_HEADER_MESSAGE} characters. A long list of diagnostics
   * once overflowed Jetty's header buffer.
   */
  public static String headerSummary(String message) {
    String[] lines = message.strip().split("\\R+");
    String more = lines.length > 1 ? " (and " + (lines.length - 1) + " more)" : "";
    String first = lines[0].replaceAll("[^\\x20-\\x7e]", "?");
    int room = MAX_HEADER_MESSAGE - more.length();
    return (first.length() > room ? first.substring(0, room - 3) + "..." : first) + more;
  }

  /**
   * The {@code X-Error-Code} of an HTTP status that no {@link HubException} decided (Jetty's,
   * Javalin's).
   */
  public static String code(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 408 -> "RequestTimeout";
      case 409 -> "Conflict";
      case 411 -> "LengthRequired";
      case 412 -> "PreconditionFailed";
      case 413 -> "PayloadTooLarge";
      case 414 -> "UriTooLong";
      case 415 -> "UnsupportedMediaType";
      case 416 -> "RangeNotSatisfiable";
      case 429 -> "TooManyRequests";
      case 431 -> "RequestHeaderFieldsTooLarge";
      case 503 -> "ServiceUnavailable";
      default -> status >= 500 ? "InternalError" : "BadRequest";
    };
  }

  /** The HTTP status of each kind of refusal: the API and the pages share it. */
  public static int status(HubException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND, REPO_NOT_FOUND, REVISION_NOT_FOUND, ENTRY_NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case PRECONDITION_FAILED -> 412;
      case TOO_LARGE -> 413;
      case RANGE_NOT_SATISFIABLE -> 416;
      case LOCKED -> 503;
    };
  }

  /**
   * The {@code X-Error-Code} of each kind of refusal: the Hub's names where the official clients
   * read them.
   */
  public static String code(HubException.Kind kind) {
    return switch (kind) {
      case INVALID -> "BadRequest";
      case UNAUTHENTICATED -> "Unauthorized";
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "NotFound";
      // The Hugging Face clients read these three (downloadFile answers null on EntryNotFound).
      case REPO_NOT_FOUND -> "RepoNotFound";
      case REVISION_NOT_FOUND -> "RevisionNotFound";
      case ENTRY_NOT_FOUND -> "EntryNotFound";
      case CONFLICT -> "Conflict";
      case PRECONDITION_FAILED -> "PreconditionFailed";
      case TOO_LARGE -> "PayloadTooLarge";
      case RANGE_NOT_SATISFIABLE -> "RangeNotSatisfiable";
      case LOCKED -> "RefLocked";
    };
  }
}
