package dev.evalhub.server.internal;

import dev.evalhub.server.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes API answers as JSON with the hub's one mapper ({@link Json}: absent, null, fields left out
 * as the Hub does) and the content type {@code application/json; charset=utf-8}. Thread-safe.
 */
public final class JsonResponses {

  private JsonResponses() {}

  public static void write(Context ctx, Object body) {
    writeBytes(ctx, bytes(body));
  }

  public static void writeBytes(Context ctx, byte[] json) {
    ctx.contentType("application/json; charset=utf-8").result(json);
  }

  /**
   * Writes a prepared answer straight to the servlet stream (past Javalin's own compression), with
   * its entity tag, {@code Vary: Accept-Encoding} and {@code Cache-Control: no-cache} (a client
   * keeps it but asks again with {@code If-None-Match}), {@code private, no-cache} when {@code
   * privateAnswer} (a private repository's: no shared cache may keep it); 304 without a body when
   * the request's {@code If-None-Match} names it. {@code gzip}: the client accepts gzip, so the
   * gzip bytes go.
   */
  public static void writeCached(
      Context ctx, LeaderboardBytes answer, boolean gzip, boolean privateAnswer) {
    ctx.header("ETag", answer.etag(gzip));
    ctx.header("Vary", "Accept-Encoding");
    ctx.header("Cache-Control", privateAnswer ? "private, no-cache" : "no-cache");
    if (answer.matches(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    byte[] body = gzip ? answer.gzip() : answer.json();
    ctx.contentType("application/json; charset=utf-8");
    if (gzip) {
      ctx.header("Content-Encoding", "gzip");
    }
    ctx.res().setContentLength(body.length);
    try (OutputStream out = ctx.res().getOutputStream()) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }

  public static byte[] bytes(Object body) {
    return Json.bytes(body);
  }
}
