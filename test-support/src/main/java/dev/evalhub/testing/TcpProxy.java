package dev.evalhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault injector for tests: a TCP proxy on loopback that forwards each connection it accepts to
 * one target (PostgreSQL at 127.0.0.1:5432 in the cluster tests) and can cut connections without
 * closing anything, as a network partition does. Thread-safe.
 *
 * <p>States of a connection ({@link Link}):
 *
 * <ul>
 *   <li><b>forwarding</b>: bytes are copied both ways as they come;
 *   <li><b>blackholed</b> ({@link #blackhole}, {@link Link#blackhole}): the proxy stops reading and
 *       writing both sockets and keeps both open; bytes a pump had already read wait, as TCP's
 *       retransmissions would, and flow again on {@link #forward}. Neither end sees a close: a
 *       client's read waits until its own timeout. A connection accepted while the proxy is
 *       blackholed never reaches the target (as a lost SYN), and is reset on {@link #forward};
 *   <li><b>dropped by the server</b> ({@link #dropServerSides}): the target-facing socket is reset
 *       (RST), so the server ends the session (PostgreSQL then releases its advisory locks); the
 *       client still sees nothing until {@link #forward}, which resets its socket too (what its
 *       retransmission gets from a server that forgot the connection).
 * </ul>
 *
 * <p>Why the server's verdict is a separate step: the server's TCP peer is this proxy's socket,
 * whose kernel answers keepalive probes even when the proxy reads nothing, so a loopback proxy
 * cannot make a server's keepalives fail. A test calls {@link #dropServerSides} when the server's
 * keepalives would have given up (for evalhub's cluster connections 2 s idle + 3 probes 1 s apart).
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private volatile boolean blackholeNew;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
    accept.setDaemon(true);
    accept.start();
  }

  /** A proxy on a free loopback port that forwards to {@code host:port}. */
  public static TcpProxy start(String host, int port) throws IOException {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  /** The loopback port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * {@code jdbcUrl} ({@code jdbc:postgresql://host[:port]/...}) with its host and port replaced by
   * this proxy's: every connection made with it goes through the proxy.
   */
  public String jdbcUrl(String jdbcUrl) {
    String prefix = "jdbc:postgresql://";
    if (!jdbcUrl.startsWith(prefix) || jdbcUrl.indexOf('/', prefix.length()) < 0) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host/db URL: " + jdbcUrl);
    }
    int end = jdbcUrl.indexOf('/', prefix.length());
    return prefix + "127.0.0.1:" + port() + jdbcUrl.substring(end);
  }

  /** The connections accepted so far and not yet closed, oldest first. */
  public List<Link> links() {
    links.removeIf(Link::finished);
    return List.copyOf(links);
  }

  /** Blackholes every connection, and every one accepted from now on until {@link #forward}. */
  public void blackhole() {
    blackholeNew = true;
    links.forEach(Link::blackhole);
  }

  /**
   * Heals the partition: connections forward again, and those the server dropped (or that never
   * reached it) are reset.
   */
  public void forward() {
    blackholeNew = false;
    links.forEach(Link::forward);
  }

  /** Resets the target-facing socket of every blackholed connection (see the class comment). */
  public void dropServerSides() {
    links.stream().filter(l -> l.blackholed).forEach(Link::dropServerSide);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        client.setTcpNoDelay(true);
        Socket server = null;
        if (!blackholeNew) {
          server = new Socket();
          server.setTcpNoDelay(true);
          server.connect(target, 5_000);
        }
        Link link = new Link(client, server, blackholeNew);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing a listener that failed has nothing to report.
    }
    links.forEach(Link::close);
  }

  /** One proxied connection: a client's socket and the target's. Thread-safe. */
  public static final class Link {
    private final Socket client;
    private final Socket server;
    private volatile boolean blackholed;
    private volatile boolean serverDropped;
    private volatile boolean finished;
    private final AtomicLong heldFromClient = new AtomicLong();

    private Link(Socket client, Socket server, boolean blackholed) {
      this.client = client;
      this.server = server;
      this.blackholed = blackholed;
      this.serverDropped = server == null;
    }

    /**
     * The local port of the target-facing socket (what PostgreSQL shows as {@code client_port}); -1
     * when the connection never reached the target.
     */
    public int serverFacingPort() {
      return server == null ? -1 : server.getLocalPort();
    }

    /**
     * Bytes read from the client and not yet written to the server: what the client sent into a cut
     * (0 once they flowed), so a test can wait until a request of the client is held.
     */
    public long heldFromClient() {
      return heldFromClient.get();
    }

    /** Stops forwarding this connection; both sockets stay open. */
    public synchronized void blackhole() {
      blackholed = true;
    }

    /** Forwards this connection again, or resets it when the server side was dropped. */
    public synchronized void forward() {
      if (serverDropped) {
        abort(client);
        finished = true;
      }
      blackholed = false;
      notifyAll();
    }

    /** Resets the target-facing socket: the server ends the session; the client sees nothing. */
    public synchronized void dropServerSide() {
      serverDropped = true;
      if (server != null) {
        abort(server);
      }
    }

    private void start() {
      if (server == null) {
        return;
      }
      pump(client, server, "up");
      pump(server, client, "down");
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                  InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream();
                  while (true) {
                    awaitForwarding();
                    int n = in.read(buffer);
                    if (n < 0) {
                      break;
                    }
                    // Read just before or during a cut: held until the cut heals, as TCP would.
                    long held = from == client ? n : 0;
                    heldFromClient.addAndGet(held);
                    try {
                      awaitForwarding();
                      out.write(buffer, 0, n);
                      out.flush();
                    } finally {
                      heldFromClient.addAndGet(-held);
                    }
                  }
                  // A clean close on one side is passed on as a clean close.
                  if (!serverDropped) {
                    to.shutdownOutput();
                  }
                } catch (IOException | InterruptedException e) {
                  if (!serverDropped) {
                    close();
                  }
                }
              },
              "tcp-proxy-" + direction + "-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }

    private synchronized void awaitForwarding() throws InterruptedException, IOException {
      while (blackholed) {
        wait();
      }
      if (serverDropped) {
        throw new IOException("the server dropped this connection");
      }
    }

    private boolean finished() {
      return finished || client.isClosed();
    }

    private synchronized void close() {
      finished = true;
      for (Socket s : new Socket[] {client, server}) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // Already closed by its peer.
          }
        }
      }
      notifyAll();
    }

    private static void abort(Socket s) {
      try {
        s.setSoLinger(true, 0); // a close with linger 0 sends RST, not FIN
        s.close();
      } catch (IOException ignored) {
        // Already closed: nothing left to reset.
      }
    }
  }
}
