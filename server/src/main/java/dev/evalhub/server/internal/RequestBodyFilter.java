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
import org.eclipse.jetty.http.HttpException;

/**
 * Turns a request body that failed to arrive into a {@link Failure} the API answers in its JSON shape: a body that
 * stopped (the idle timeout) or crawled (below the rate floor) is 408, one cut short is 400. Without it Javalin
 * answers such failures itself, with an empty text/plain 408. Applies to {@code /api/} paths only: git's
 * receive-pack keeps its own handling of a broken pack stream. Thread-safe.
 */
public final class RequestBodyFilter implements Filter {

  /** A request body that did not arrive whole; carries no Jetty cause, so that Javalin leaves it to the API. */
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
    if (request instanceof HttpServletRequest http && http.getRequestURI().startsWith("/api/")) {
      chain.doFilter(new HttpServletRequestWrapper(http) {
        @Override
        public ServletInputStream getInputStream() throws IOException {
          return new Guarded(super.getInputStream());
        }
      }, response);
    } else {
      chain.doFilter(request, response);
    }
  }

  private static Failure failure(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return new Failure(408, "the request body stopped arriving (idle-timeout-seconds)");
      }
      if (cause instanceof HttpException http && http.getCode() == 408) {
        return new Failure(408, "the request body arrived too slowly (min-request-bytes-per-second)");
      }
    }
    return new Failure(400, "the request body ended early: " + e.getMessage());
  }

  /** The servlet stream, with read failures as {@link Failure}s. */
  private static final class Guarded extends ServletInputStream {
    private final ServletInputStream in;

    Guarded(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() {
      try {
        return in.read();
      } catch (IOException e) {
        throw failure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      try {
        return in.read(buffer, offset, length);
      } catch (IOException e) {
        throw failure(e);
      }
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
