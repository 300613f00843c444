package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.storage.HubException;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The one place where refusals become HTTP responses: a status and an {@code X-Error-Code} per
 * {@link HubException.Kind}, a JSON body {@code {"error": "..."}} and the {@code X-Error-Message} header that the
 * Python client reads. Stateless.
 */
public final class ApiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    ctx.status(status);
    ctx.header("X-Error-Code", code);
    // Header values must stay on one line and in ISO-8859-1; the body keeps the exact message.
    ctx.header("X-Error-Message", message.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?"));
    ctx.contentType("application/json; charset=utf-8");
    try {
      ctx.result(JSON.writeValueAsString(Map.of("error", message)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
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

  private static String code(HubException.Kind kind) {
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
