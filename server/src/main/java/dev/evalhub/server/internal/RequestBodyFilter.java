package dev.evalhub.server.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Guards every request body: one that arrives slower than {@code minBytesPerSecond}, measured over
 * the time the hub spends waiting for it (after a grace second), is cut off; on {@code /api/} paths
 * a body that failed to arrive becomes a {@link Failure} the API answers in its JSON shape (stopped
 * or crawling: 408; cut short: 400), where Javalin would answer an empty text/plain 408. Git's
 * smart-HTTP paths get an {@link IOException}, which JGit turns into its protocol error. Unlike
 * Jetty's minimum data rate, which counts from the first byte and so also fails a git fetch that
 * reads the rest of its request after sending a long pack, only time spent waiting counts here. A
 * request without a body ({@link #hasBody}) passes unwrapped. Thread-safe.
 */
public final class RequestBodyFilter implements Filter {

  private static final long GRACE_NANOS = 1_000_000_000L;

  private final long minBytesPerSecond;

  /** {@code minBytesPerSecond} 0: no floor. */
  public RequestBodyFilter(long minBytesPerSecond) {
    this.minBytesPerSecond = minBytesPerSecond;
  }

  /**
   * A request body that did not arrive whole; carries no Jetty cause, so that Javalin leaves it to
   * the API.
   */
  public static final class Failure extends RuntimeException {
    private final int status;

    Failure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && hasBody(http)) {
      boolean api = http.getRequestURI().startsWith("/api/");
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            private Guarded guarded;

            @Override
            public ServletInputStream getInputStream() throws IOException {
              if (guarded == null) {
                guarded = new Guarded(super.getInputStream(), minBytesPerSecond, api);
              }
              return guarded;
            }
          },
          response);
    } else {
      chain.doFilter(request, response);
    }
  }

  /**
   * Whether {@code request} carries a body: HTTP/1.1 frames one only with {@code Content-Length} or
   * {@code Transfer-Encoding} (RFC 9112, section 6), so a request with neither (most GETs) is
   * passed on as it is, without a guard it would never use. This holds because the hub speaks
   * HTTP/1.1 only: its one connector ({@code HubServer}) has an HTTP/1.x connection factory and no
   * HTTP/2 one (a proxy in front may speak HTTP/2 to clients; to the hub it speaks HTTP/1.1 and
   * frames bodies as above). HTTP/2 frames a body in DATA frames, forbids {@code Transfer-Encoding}
   * and makes {@code Content-Length} optional (RFC 9113, section 8.1 and 8.2.2): were an HTTP/2
   * connector added, a body sent without {@code Content-Length} would pass here unguarded, and this
   * test would have to ask the stream instead.
   */
  static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static Failure failure(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return new Failure(408, "the request body stopped arriving (idle-timeout-seconds)");
      }
    }
    return new Failure(400, "the request body ended early: " + e.getMessage());
  }

  /**
   * The servlet stream, with its rate floor, and read failures as {@link Failure}s on API paths.
   */
  private static final class Guarded extends ServletInputStream {
    private final ServletInputStream in;
    private final long minBytesPerSecond;
    private final boolean api;
    private long bytes;
    private long waitedNanos;

    Guarded(ServletInputStream in, long minBytesPerSecond, boolean api) {
      this.in = in;
      this.minBytesPerSecond = minBytesPerSecond;
      this.api = api;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      long start = System.nanoTime();
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (IOException e) {
        if (api) {
          throw failure(e);
        }
        throw e;
      }
      waitedNanos += System.nanoTime() - start;
      if (n > 0) {
        bytes += n;
      }
      if (n >= 0
          && minBytesPerSecond > 0
          && waitedNanos > GRACE_NANOS
          && bytes * 1_000_000_000.0 / waitedNanos < minBytesPerSecond) {
        String message =
            "the request body arrived slower than "
                + minBytesPerSecond
                + " bytes per second (min-request-bytes-per-second)";
        if (api) {
          throw new Failure(408, message);
        }
        throw new IOException(message);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
