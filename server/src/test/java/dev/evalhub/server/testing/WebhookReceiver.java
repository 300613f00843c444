package dev.evalhub.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A webhook receiver for tests: an HTTP server on a free loopback port that records every POST
 * (headers, exact body bytes, time) and answers the status it is told ({@link #answer}, 204 by
 * default), optionally holding requests open until {@link #release} ({@link #hold}). Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  public record Request(Instant time, Map<String, List<String>> headers, byte[] body) {

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicReference<CountDownLatch> held = new AtomicReference<>();
  private final CountDownLatch holding = new CountDownLatch(1);

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          synchronized (requests) {
            requests.add(
                new Request(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body));
            requests.notifyAll();
          }
          CountDownLatch latch = held.get();
          if (latch != null) {
            holding.countDown();
            try {
              latch.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
  }

  /** The URL to give a webhook. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Answers {@code code} from now on. */
  public WebhookReceiver answer(int code) {
    status.set(code);
    return this;
  }

  /** Holds every request from now on until {@link #release}. */
  public void hold() {
    held.set(new CountDownLatch(1));
  }

  /** Waits until a request is held. */
  public void awaitHolding(Duration wait) throws InterruptedException {
    if (!holding.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no request arrived to hold within " + wait);
    }
  }

  /** Lets held requests (and later ones) be answered. */
  public void release() {
    CountDownLatch latch = held.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Every request so far, in order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Waits until the requests so far satisfy {@code done}; returns them. */
  public List<Request> await(Predicate<List<Request>> done, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (requests) {
      while (!done.test(List.copyOf(requests))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the receiver did not get what was awaited within "
                  + wait
                  + "; it got:\n"
                  + String.join("\n", requests.stream().map(Request::text).toList()));
        }
        requests.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
