package dev.evalhub.server.internal;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/openapi.json}: the hand-written OpenAPI description of the API, kept true by a test. */
public final class OpenApiHandler implements Handler {

  /** The class-path resource that holds the description. */
  public static final String RESOURCE = "/dev/evalhub/server/openapi.json";

  private final byte[] document;

  public OpenApiHandler() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("application/json; charset=utf-8").result(document);
  }
}
