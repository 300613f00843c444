package dev.evalhub.server.pages;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one stylesheet of the pages, read from the jar once and served with a long cache life.
 * Stateless.
 */
final class StaticFiles {

  /** Versioned by name: a changed stylesheet gets a new path, so caches never serve a stale one. */
  static final String CSS_PATH = "/static/evalhub-1.css";

  private static final byte[] CSS = read("/evalhub-static/evalhub.css");

  private StaticFiles() {}

  static void css(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType("text/css; charset=utf-8");
    ctx.result(CSS);
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
