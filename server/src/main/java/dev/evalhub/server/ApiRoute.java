package dev.evalhub.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/** One route of the hub's HTTP API: method, Javalin path and handler. Immutable. */
public record ApiRoute(HandlerType method, String path, Handler handler) {

  public ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
  }
}
