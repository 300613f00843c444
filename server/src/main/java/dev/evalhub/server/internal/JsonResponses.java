package dev.evalhub.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes API answers as JSON, leaving out absent (null) fields as the Hub does. Thread-safe. */
public final class JsonResponses {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  private JsonResponses() {
  }

  public static void write(Context ctx, Object body) {
    writeBytes(ctx, bytes(body));
  }

  public static void writeBytes(Context ctx, byte[] json) {
    ctx.contentType("application/json; charset=utf-8").result(json);
  }

  public static byte[] bytes(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("API records always serialise", e);
    }
  }
}
