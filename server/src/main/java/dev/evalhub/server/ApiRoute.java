package dev.evalhub.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the hub, API or page: method, Javalin path and handler, and, for a documented route,
 * what the OpenAPI description says of it ({@code doc}). The server registers its route table in
 * order, one record after the other; the description is generated from the documented ones.
 * Immutable.
 */
public record ApiRoute(HandlerType method, String path, Handler handler, Optional<ApiDoc> doc) {

  public ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(doc, "doc");
  }

  /**
   * A route that the OpenAPI description leaves out (a page, or a Hugging Face route evalhub adds
   * nothing to).
   */
  public ApiRoute(HandlerType method, String path, Handler handler) {
    this(method, path, handler, Optional.empty());
  }

  /** A route that the OpenAPI description lists, as {@code doc} says. */
  public static ApiRoute documented(HandlerType method, String path, Handler handler, ApiDoc doc) {
    return new ApiRoute(method, path, handler, Optional.of(doc));
  }

  /** Whether the OpenAPI description lists this route. */
  public boolean documented() {
    return doc.isPresent();
  }
}
