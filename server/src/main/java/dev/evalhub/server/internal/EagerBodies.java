package dev.evalhub.server.internal;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's retained-content loader (a body is read without a thread, up to a bound, before its
 * handler runs), with one change: a failure while loading (the idle timeout) ends the body, so that
 * a stalled client is answered and disconnected after the idle timeout instead of waiting, without
 * a thread but holding its connection, for the next timeouts to fill the bound. Thread-safe.
 */
public final class EagerBodies extends EagerContentHandler.RetainedContentLoaderFactory {

  /**
   * {@code maxRetainedBytes}: how much to read before the handler runs anyway; {@code
   * bytesPerChunk}: what each chunk counts for, at least the input buffer that it pins.
   */
  public EagerBodies(long maxRetainedBytes, int bytesPerChunk) {
    super(maxRetainedBytes, bytesPerChunk, false);
  }

  @Override
  public EagerContentHandler.ContentLoader newContentLoader(
      String contentType,
      String mimeType,
      Handler handler,
      Request request,
      Response response,
      Callback callback) {
    return super.newContentLoader(
        contentType,
        mimeType,
        handler,
        new Request.Wrapper(request) {
          @Override
          public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            return chunk != null && Content.Chunk.isFailure(chunk, false)
                ? Content.Chunk.from(chunk.getFailure(), true)
                : chunk;
          }
        },
        response,
        callback);
  }
}
