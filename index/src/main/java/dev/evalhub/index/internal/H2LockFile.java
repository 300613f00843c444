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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * starts. {@link #removeIfStale} asks the named server the same question with time limits first;
 * when it accepts and stays silent for {@link #ANSWER}, the file is removed only if no process has
 * the database open: H2's MVStore holds an OS lock on {@code NAME.mv.db} ({@code
 * FileChannel.tryLock(0, Long.MAX_VALUE, readOnly)} in {@code org.h2.mvstore.SingleFileStore}, held
 * until the store closes, read from H2 2.5.252, the version pinned in the parent POM; re-check on
 * an upgrade), and the OS releases it when its process dies. So a live owner that is paused or
 * starved (silent like a stranger) keeps its file; only a dead one's goes, and H2 then takes the
 * lock anew. Every other case H2 handles itself and is left to it: a refused connection, a closed
 * one or another answer. Stateless.
 *
 * <p>The network question comes first and gates the lock test because the lock test opens and
 * closes a channel on {@code NAME.mv.db}, and closing it drops every POSIX lock this process holds
 * on that file: if this JVM had the database open, its own server answers and the lock is never
 * tried.
 */
public final class H2LockFile {

  /** The longest wait for the connection to the named server (refused at once when none). */
  static final Duration CONNECT = Duration.ofSeconds(2);

  /**
   * The longest wait for the named server's answer before the database file's lock is tried: an H2
   * server answers in milliseconds. Safety does not rest on it (a live owner too slow to answer
   * still holds the file lock); it bounds how long a start waits over a silent port.
   */
  static final Duration ANSWER = Duration.ofSeconds(2);

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
   * names accepts a connection but does not answer H2's question within {@link #ANSWER}, and no
   * process has the database open (its {@code .mv.db} is free of locks, checked while holding that
   * lock ourselves, released at once after). Returns whether it removed it; does nothing for other
   * URLs, for a missing file, a file without a server, a server that answers or refuses, a database
   * another process has open (a paused or starved owner), or a file another process rewrote
   * meanwhile.
   */
  public static boolean removeIfStale(String jdbcUrl) {
    Optional<Path> file = of(jdbcUrl);
    if (file.isEmpty()) {
      return false;
    }
    Optional<Properties> named = read(file.get());
    String server = named.map(p -> p.getProperty("server")).orElse(null);
    String id = named.map(p -> p.getProperty("id")).orElse(null);
    if (server == null || id == null || !silentAt(server, id)) {
      return false;
    }
    Path database = databaseFile(file.get());
    try (FileChannel channel =
        FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock free = tryLock(channel);
      if (free == null) {
        LOG.warn(
            "the H2 lock file {} names {}, which accepted a connection and did not answer within"
                + " {}, but another process has {} open: left to H2, which waits for that server",
            file.get(),
            server,
            ANSWER,
            database);
        return false;
      }
      try {
        return removeIfStill(file.get(), id, server);
      } finally {
        free.release();
      }
    } catch (NoSuchFileException noDatabase) {
      return removeIfStill(file.get(), id, server); // nothing to hold open: the lock guards nothing
    } catch (IOException e) {
      LOG.warn("cannot check whether {} is open elsewhere: {}", database, e.getMessage());
      return false;
    }
  }

  /** The MVStore file beside {@code lockFile}: {@code NAME.lock.db} to {@code NAME.mv.db}. */
  static Path databaseFile(Path lockFile) {
    String name = lockFile.getFileName().toString();
    return lockFile.resolveSibling(
        name.substring(0, name.length() - Constants.SUFFIX_LOCK_FILE.length())
            + Constants.SUFFIX_MV_FILE);
  }

  /** An exclusive lock on the whole file, or null when another process or this JVM holds one. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, false);
    } catch (OverlappingFileLockException thisJvm) {
      return null;
    }
  }

  private static boolean removeIfStill(Path file, String id, String server) {
    // Only the file that was probed: a process that took the lock meanwhile wrote another id.
    if (!read(file).map(p -> id.equals(p.getProperty("id"))).orElse(false)) {
      return false;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove the stale H2 lock file {}: {}", file, e.getMessage());
      return false;
    }
    LOG.warn(
        "removed the H2 lock file {} of a stopped process: no process has the database open, and"
            + " {} accepted a connection and did not answer within {}",
        file,
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
