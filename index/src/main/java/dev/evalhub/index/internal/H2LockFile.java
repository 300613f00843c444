package dev.evalhub.index.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.h2.engine.Constants;
import org.h2.engine.SessionRemote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock file ({@code NAME.lock.db}) of an embedded H2 database opened with {@code
 * AUTO_SERVER=TRUE}, as a killed process leaves it: it still names that process's server ({@code
 * server=localhost:PORT}). Before H2 opens the database it connects to that address and reads the
 * answer without a time limit ({@code org.h2.store.FileLock.checkServer}): when another program
 * listens on the freed port by then and does not answer, the open waits forever and the hub never
 * starts. {@link #removeIfStale} asks the named server the same question with time limits first,
 * and removes the file only in that case (a connection accepted, no answer within {@link #ANSWER}):
 * H2 then takes the lock anew. Every other case H2 handles itself and is left to it: a refused
 * connection, a closed one or another answer; a live owner answers at once (and even a removed file
 * of a live owner is written again by its watchdog, and the database file's own lock keeps a second
 * process out). Stateless.
 */
public final class H2LockFile {

  /** The longest wait for the connection to the named server (refused at once when none). */
  static final Duration CONNECT = Duration.ofSeconds(2);

  /**
   * The longest wait for the named server's answer: an H2 server answers in milliseconds; generous
   * for a loaded machine.
   */
  static final Duration ANSWER = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(H2LockFile.class);
  private static final String PREFIX = "jdbc:h2:file:";

  private H2LockFile() {}

  /**
   * The lock file of the database at {@code jdbcUrl} when the URL is an embedded H2 file opened
   * with {@code AUTO_SERVER=TRUE} (the only kind whose lock file names a server); empty otherwise.
   */
  public static Optional<Path> of(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (!lower.startsWith(PREFIX) || !lower.replace(" ", "").contains(";auto_server=true")) {
      return Optional.empty();
    }
    String name = jdbcUrl.substring(PREFIX.length(), jdbcUrl.indexOf(';'));
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    return Optional.of(Path.of(name + Constants.SUFFIX_LOCK_FILE));
  }

  /**
   * Removes the lock file of the database at {@code jdbcUrl} (see {@link #of}) when the server it
   * names accepts a connection but does not answer H2's question within {@link #ANSWER}: another
   * program listens on a stopped process's port. Returns whether it removed it; does nothing for
   * other URLs, for a missing file, a file without a server, a server that answers or refuses, or a
   * file another process rewrote meanwhile.
   */
  public static boolean removeIfStale(String jdbcUrl) {
    Optional<Path> file = of(jdbcUrl);
    if (file.isEmpty()) {
      return false;
    }
    Optional<Properties> named = read(file.get());
    String server = named.map(p -> p.getProperty("server")).orElse(null);
    String id = named.map(p -> p.getProperty("id")).orElse(null);
    if (server == null || id == null) {
      return false;
    }
    if (!silentAt(server, id)) {
      return false;
    }
    // Only the file that was probed: a process that took the lock meanwhile wrote another id.
    if (!read(file.get()).map(p -> id.equals(p.getProperty("id"))).orElse(false)) {
      return false;
    }
    try {
      Files.deleteIfExists(file.get());
    } catch (IOException e) {
      LOG.warn("cannot remove the stale H2 lock file {}: {}", file.get(), e.getMessage());
      return false;
    }
    LOG.warn(
        "removed the H2 lock file {} of a stopped process: {} accepted a connection and did not"
            + " answer within {}",
        file.get(),
        server,
        ANSWER);
    return true;
  }

  /**
   * Whether {@code server} ({@code host:port}) accepts a connection and then does not answer,
   * within {@link #ANSWER}, whether it serves the database whose lock has {@code id} (what H2's own
   * check asks, and where it would wait without limit). False when it answers anything, refuses or
   * closes.
   */
  static boolean silentAt(String server, String id) {
    int colon = server.lastIndexOf(':');
    int port;
    try {
      port = colon < 0 ? Constants.DEFAULT_TCP_PORT : Integer.parseInt(server.substring(colon + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    try (Socket socket = new Socket()) {
      try {
        socket.connect(
            new InetSocketAddress(colon < 0 ? server : server.substring(0, colon), port),
            (int) CONNECT.toMillis());
      } catch (IOException refusedOrUnreachable) {
        return false; // H2's own check fails the same way and goes on
      }
      socket.setSoTimeout((int) ANSWER.toMillis());
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      out.writeInt(Constants.TCP_PROTOCOL_VERSION_MIN_SUPPORTED);
      out.writeInt(Constants.TCP_PROTOCOL_VERSION_MAX_SUPPORTED);
      out.writeInt(-1); // no database name
      out.writeInt(-1); // no URL
      out.writeInt(id.length());
      out.writeChars(id);
      out.writeInt(SessionRemote.SESSION_CHECK_KEY);
      out.flush();
      new DataInputStream(new BufferedInputStream(socket.getInputStream())).readInt();
      return false;
    } catch (SocketTimeoutException silent) {
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  private static Optional<Properties> read(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
      return Optional.of(properties);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
