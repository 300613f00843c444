package dev.evalhub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on 127.0.0.1 in front of a local port that passes what clients send at a bounded rate
 * (what the server sends passes at once): a real client's request, such as a {@code git push}, then
 * stays under way for a known time. It tells when one connection has passed a number of bytes
 * toward the server. Not for more than a test's few connections: two threads each.
 */
final class ThrottlingProxy implements AutoCloseable {

  private static final int CHUNK = 8 << 10;

  private final ServerSocket listener;
  private final int targetPort;
  private final long bytesPerSecond;
  private final long signalAfter;
  private final CountDownLatch passed = new CountDownLatch(1);

  /**
   * Listens on a free port of 127.0.0.1 and forwards to {@code targetPort} there, client bytes at
   * {@code bytesPerSecond}; {@link #awaitPassed} returns once one connection passed {@code
   * signalAfter} bytes toward the server.
   */
  ThrottlingProxy(int targetPort, long bytesPerSecond, long signalAfter) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.bytesPerSecond = bytesPerSecond;
    this.signalAfter = signalAfter;
    Thread acceptor = new Thread(this::accept, "throttling-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Waits until one connection has passed the signal's number of bytes toward the server. */
  boolean awaitPassed(java.time.Duration wait) throws InterruptedException {
    return passed.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean throttled) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[CHUNK];
              long total = 0;
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  out.write(buffer, 0, n);
                  out.flush();
                  total += n;
                  if (throttled) {
                    if (total >= signalAfter) {
                      passed.countDown();
                    }
                    // The rate itself: n bytes take n / bytesPerSecond seconds.
                    Thread.sleep(n * 1000L / bytesPerSecond);
                  }
                }
                to.shutdownOutput();
              } catch (IOException | InterruptedException e) {
                closeQuietly(to);
              }
            },
            "throttling-proxy-" + (throttled ? "up" : "down"));
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
