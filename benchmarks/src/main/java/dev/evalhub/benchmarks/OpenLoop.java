package dev.evalhub.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator in the manner of wrk2: request {@code i} is due at {@code
 * start + i / rate}, whatever happened to the others, and its latency counts from that due time (so
 * a stall delays and counts every request behind it: no coordinated omission). {@code connections}
 * keep-alive connections, each on its own thread, take the due requests in order; bodies are read
 * by {@code Content-Length} and dropped. Lean on purpose (a socket, a buffer), so that the
 * generator costs little of the machine it shares with the server.
 */
final class OpenLoop {

  /** What one run measured: latencies from due time, and the bytes of the last body. */
  record Result(Percentiles latency, int failures, long lastBodyBytes, double answersPerSecond) {
    String summary() {
      return latency.summary()
          + String.format(Locale.ROOT, "; %.0f answers/s", answersPerSecond)
          + (failures > 0 ? "; " + failures + " FAILED" : "")
          + "; last body "
          + lastBodyBytes
          + " bytes";
    }
  }

  private OpenLoop() {}

  /**
   * Sends {@code paths.size()} GET requests to {@code 127.0.0.1:port} at {@code rate} per second,
   * with the extra header lines {@code headers} (each ending in CRLF), over {@code connections}
   * connections.
   */
  static Result run(int port, List<String> paths, String headers, int rate, int connections)
      throws InterruptedException {
    int total = paths.size();
    double[] millis = new double[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<Long> lastBody = new AtomicReference<>(0L);
    long start = System.nanoTime() + 100_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread thread =
          new Thread(
              () -> {
                Socket socket = null;
                InputStream in = null;
                byte[] buffer = new byte[1 << 16];
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  long due = start + (long) ((double) i * 1e9 / rate);
                  long wait = due - System.nanoTime();
                  while (wait > 0) {
                    LockSupport.parkNanos(wait);
                    wait = due - System.nanoTime();
                  }
                  try {
                    if (socket == null) {
                      socket = new Socket("127.0.0.1", port);
                      socket.setTcpNoDelay(true);
                      socket.setSoTimeout(60_000);
                      // One reader per connection: a new 64 KiB buffer per request was 64 MB/s of
                      // garbage at 1,000 requests/s, collected by the JVM the server runs in.
                      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                    }
                    long body = exchange(socket, in, paths.get(i), headers, buffer);
                    lastBody.set(body);
                  } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                    close(socket);
                    socket = null;
                  }
                  millis[i] = (System.nanoTime() - due) / 1e6;
                }
                close(socket);
              },
              "open-loop-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(Percentiles.of(millis), failures.get(), lastBody.get(), total / seconds);
  }

  /** One request and its answer on {@code socket}; the body's length, or an exception. */
  private static long exchange(
      Socket socket, InputStream in, String path, String headers, byte[] buffer)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.1 304")) {
      throw new IOException("answered " + status);
    }
    long length = -1;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring("content-length:".length()).strip());
      } else if (lower.startsWith("transfer-encoding:")) {
        throw new IOException("a chunked answer: the generator reads Content-Length only");
      }
    }
    if (length < 0) {
      length = 0;
    }
    long left = length;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("the answer ended early");
      }
      left -= read;
    }
    if (in.available() > 0) {
      throw new IOException("bytes past the answer");
    }
    return length;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void close(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection: nothing to do
      }
    }
  }
}
