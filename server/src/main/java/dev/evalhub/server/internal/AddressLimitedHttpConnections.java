package dev.evalhub.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP/1.1 connections, at most {@code maxPerAddress} at once from one client address (the TCP
 * peer: behind a reverse proxy, the proxy). A connection past the cap never reaches the HTTP
 * parser: it is answered {@code 429 TooManyRequests} in the API's JSON error shape and closed.
 * Thread-safe.
 */
public final class AddressLimitedHttpConnections extends HttpConnectionFactory {

  private static final byte[] REFUSAL = refusal();

  private final int maxPerAddress;
  private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** {@code maxPerAddress} 0: no cap. */
  public AddressLimitedHttpConnections(HttpConfiguration http, int maxPerAddress) {
    super(http);
    this.maxPerAddress = maxPerAddress;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    InetAddress address = address(endPoint.getRemoteSocketAddress());
    if (maxPerAddress == 0 || address == null) {
      return super.newConnection(connector, endPoint);
    }
    int count = open.merge(address, 1, Integer::sum);
    Connection connection =
        count > maxPerAddress
            ? new Refusal(endPoint, connector)
            : super.newConnection(connector, endPoint);
    connection.addEventListener(
        new Connection.Listener() {
          @Override
          public void onClosed(Connection closed) {
            open.computeIfPresent(address, (key, n) -> n <= 1 ? null : n - 1);
          }
        });
    return connection;
  }

  /** How many connections {@code address} holds now (refused ones until they close). */
  int openFrom(InetAddress address) {
    return open.getOrDefault(address, 0);
  }

  private static InetAddress address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  private static byte[] refusal() {
    String message = "too many connections from your address; close some and retry";
    byte[] body = ApiErrors.body(message);
    String head =
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "X-Error-Code: "
            + ApiErrors.code(429)
            + "\r\nX-Error-Message: "
            + message
            + "\r\nRetry-After: 1\r\n"
            + "Connection: close\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /**
   * Writes the 429, shuts output, then reads and drops what the client sent until it closes
   * (closing with unread input would reset the connection before the client read the answer); the
   * idle timeout ends a silent one.
   */
  private static final class Refusal extends AbstractConnection {

    private final ByteBuffer sink = BufferUtil.allocate(4096);

    Refusal(EndPoint endPoint, Connector connector) {
      super(endPoint, connector.getExecutor());
    }

    @Override
    public void onOpen() {
      super.onOpen();
      getEndPoint()
          .write(
              Callback.from(
                  () -> {
                    getEndPoint().shutdownOutput();
                    fillInterested();
                  },
                  failure -> getEndPoint().close(failure)),
              ByteBuffer.wrap(REFUSAL));
    }

    @Override
    public void onFillable() {
      try {
        while (true) {
          BufferUtil.clear(sink);
          int n = getEndPoint().fill(sink);
          if (n < 0) {
            getEndPoint().close();
            return;
          }
          if (n == 0) {
            fillInterested();
            return;
          }
        }
      } catch (IOException e) {
        getEndPoint().close(e);
      }
    }
  }
}
