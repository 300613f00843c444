package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.evalhub.server.testing.TestHub;
import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub and its embedded H2's auto-server port listen on loopback unless told otherwise. */
class ListeningAddressesIT {

  @TempDir Path data;

  @Test
  void hubAndEmbeddedDatabaseListenOnLoopbackByDefault() throws Exception {
    ServerConfig config =
        ServerConfig.resolve(
            Map.of("data", data.toString(), "port", "0"), Map.of(), Optional.empty());
    try (TestHub hub = new TestHub(config)) {
      int h2Port = h2AutoServerPort();
      assertThat(reachable(InetAddress.getLoopbackAddress(), hub.server().port())).isTrue();
      assertThat(reachable(InetAddress.getLoopbackAddress(), h2Port)).isTrue();

      InetAddress outside = nonLoopbackAddress();
      assertThatThrownBy(() -> connect(outside, hub.server().port()))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> connect(outside, h2Port)).isInstanceOf(IOException.class);
    }
  }

  /** H2 writes where its auto-server listens into the lock file: {@code server=host:port}. */
  private int h2AutoServerPort() throws IOException {
    Path lock = data.resolve("index").resolve("evalhub.lock.db");
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(lock)) {
      properties.load(reader);
    }
    String server = properties.getProperty("server");
    assertThat(server).as("the lock file names the auto-server address").isNotNull();
    String host = server.substring(0, server.lastIndexOf(':'));
    assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(server).isTrue();
    return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    Optional<InetAddress> address =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(
                a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
    assumeThat(address).as("this machine has a non-loopback IPv4 address").isPresent();
    return address.get();
  }

  private static boolean reachable(InetAddress address, int port) throws IOException {
    connect(address, port);
    return true;
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
    }
  }
}
