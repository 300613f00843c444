package dev.evalhub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TcpProxy} in front of an echo server on loopback. */
class TcpProxyTest {

  private ServerSocket echo;
  private final BlockingQueue<String> serverSaw = new LinkedBlockingQueue<>();
  private TcpProxy proxy;

  @BeforeEach
  void startEchoServerAndProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "echo");
    t.setDaemon(true);
    t.start();
    proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void aBlackholedConnectionForwardsNothingClosesNothingAndResumesWhenHealed() throws Exception {
    try (Socket client = connect()) {
      assertThat(roundTrip(client, "one")).isEqualTo("one");
      serverSaw.clear();
      proxy.blackhole();
      client.getOutputStream().write("two".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> read(client)).isInstanceOf(SocketTimeoutException.class);
      assertThat(serverSaw.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached it").isNull();
      assertThat(proxy.links().get(0).heldFromClient()).as("the bytes the cut holds").isPositive();
      proxy.forward();
      assertThat(read(client)).as("held bytes flow on healing").isEqualTo("two");
    }
  }

  @Test
  void aDroppedServerSideEndsTheServersConnectionWhileTheClientHearsNothingUntilHealing()
      throws Exception {
    try (Socket client = connect()) {
      assertThat(roundTrip(client, "one")).isEqualTo("one");
      serverSaw.clear();
      proxy.links().get(0).blackhole();
      proxy.dropServerSides();
      assertThat(serverSaw.poll(2, TimeUnit.SECONDS)).isEqualTo("closed");
      assertThatThrownBy(() -> read(client)).isInstanceOf(SocketTimeoutException.class);
      proxy.forward();
      client.setSoTimeout(2_000);
      assertThatThrownBy(() -> readOrThrowOnEnd(client)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aConnectionOpenedDuringTheBlackholeNeverReachesTheServer() throws Exception {
    proxy.blackhole();
    try (Socket client = connect()) {
      client.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> read(client)).isInstanceOf(SocketTimeoutException.class);
      assertThat(serverSaw.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(300);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    return read(s);
  }

  private static String read(Socket s) throws IOException {
    byte[] buffer = new byte[64];
    int n = s.getInputStream().read(buffer);
    return n < 0 ? "<end>" : new String(buffer, 0, n, StandardCharsets.UTF_8);
  }

  private static void readOrThrowOnEnd(Socket s) throws IOException {
    if (s.getInputStream().read() < 0) {
      throw new IOException("end of stream");
    }
  }

  private void serve() {
    while (!echo.isClosed()) {
      try {
        Socket s = echo.accept();
        Thread t =
            new Thread(
                () -> {
                  byte[] buffer = new byte[64];
                  try (s) {
                    InputStream in = s.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                      serverSaw.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
                      s.getOutputStream().write(buffer, 0, n);
                    }
                  } catch (IOException e) {
                    // A reset: the connection ended all the same.
                  }
                  serverSaw.add("closed");
                });
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }
}
