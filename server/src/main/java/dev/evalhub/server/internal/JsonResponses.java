package dev.evalhub.server.internal;

import dev.evalhub.server.Json;
import io.javalin.http.Context;

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

  public static byte[] bytes(Object body) {
    return Json.bytes(body);
  }
}
