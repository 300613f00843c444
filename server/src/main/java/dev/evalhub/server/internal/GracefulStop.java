package dev.evalhub.server.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful end of serving, before Jetty stops and the hub closes: the listening socket closes
 * (a new connection is refused), a new request on a connection already open is answered 503 with
 * {@code Connection: close} (Jetty's {@link GracefulHandler}), and the requests under way, a body
 * still arriving included, are waited for up to a bound. What still runs at the bound is cut when
 * Jetty stops. Set up with {@link #around} and {@link #serves} before the server starts;
 * thread-safe from then on.
 */
public final class GracefulStop {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

  private final GracefulHandler requests = new GracefulHandler();
  private volatile ServerConnector connector;

  /**
   * {@code handler} behind the count of requests under way: the server's outermost handler, so that
   * a request counts from its headers on, before any body is read.
   */
  public Handler around(Handler handler) {
    requests.setHandler(handler);
    return requests;
  }

  /**
   * {@code listener} is the connector whose socket {@link #stop} closes. Its connections keep their
   * idle timeout while the stop waits (Jetty would lower it to 1 s, which fails a request whose
   * handler runs longer than that without reading or writing, such as a merge).
   */
  public void serves(ServerConnector listener) {
    listener.setShutdownIdleTimeout(-1);
    this.connector = listener;
  }

  /**
   * Stops accepting connections and requests and waits for the requests under way to end, at most
   * {@code bound} (0: not at all).
   *
   * @return whether every request under way ended within {@code bound}
   */
  public boolean stop(Duration bound) {
    ServerConnector listener = connector;
    if (listener != null) {
      // AbstractNetworkConnector.shutdown closes the listening socket first.
      listener.shutdown();
    }
    CompletableFuture<Void> done = requests.shutdown();
    try {
      done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      LOG.warn(
          "evalhub stopping: {} request(s) still under way after {} s are cut",
          requests.getCurrentRequestCount(),
          bound.toSeconds());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      LOG.warn("evalhub stopping: the wait for the requests under way failed", e.getCause());
      return false;
    }
  }

  /** How many requests are under way: received headers and not yet completed. */
  public long underWay() {
    return requests.getCurrentRequestCount();
  }
}
