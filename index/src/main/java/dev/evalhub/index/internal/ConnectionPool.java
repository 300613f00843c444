package dev.evalhub.index.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.evalhub.index.IndexException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The index's JDBC connections to one database (H2 embedded or PostgreSQL), pooled by HikariCP so
 * that an API request does not pay for a new connection: at most {@code size} connections,
 * validated before reuse when they sat idle (a connection the server dropped is replaced, not
 * handed out), retired after {@link #MAX_LIFETIME} and, beyond one kept warm, after {@link
 * #IDLE_TIMEOUT} unused. A caller that finds every connection busy waits at most the connection
 * timeout, then gets an {@link IndexException} that says so. On PostgreSQL every connection asks
 * the server to end its session soon when the client goes silent ({@link #DEAD_PEER_SETTINGS}); the
 * client's own reads have no timeout (a reindex's statements may take minutes). Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {

  /** How long a caller waits for a free connection (or for a new one to open) by default. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  /** How long checking that an idle connection still works may take before it counts as broken. */
  static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);

  /** How long a connection beyond the one kept warm may sit unused before it is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

  /**
   * How often an idle connection is checked, so that one the server dropped is found before a
   * caller needs it.
   */
  static final Duration KEEPALIVE = Duration.ofMinutes(2);

  /**
   * The age at which a connection is closed and replaced (once it is idle), below any server or
   * proxy limit.
   */
  static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

  /**
   * What every PostgreSQL session of evalhub asks of the server so that a peer gone silent (its
   * host lost power, the network dropped its packets) ends the session, and so its locks (the
   * leadership lock, a position row an ingestion transaction holds), within about 5 s instead of
   * the system's two hours (keepalive) or about 15 minutes (retransmissions): keepalive probes
   * after 2 s of silence, 3 of them 1 s apart, and at most 5000 ms for sent data to be acknowledged
   * ({@code tcp_user_timeout}, PostgreSQL 12 or later). Ignored by the server on a Unix-domain
   * socket, where a dead peer is seen at once.
   */
  public static final String DEAD_PEER_SETTINGS =
      "SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1;"
          + " SET tcp_keepalives_count = 3; SET tcp_user_timeout = 5000";

  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Work done with a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String url;
  private final HikariDataSource dataSource;

  /**
   * A pool of at most {@code size} connections to {@code url} whose callers wait at most 30 s for
   * one.
   */
  public ConnectionPool(String url, int size) {
    this(url, size, CONNECTION_TIMEOUT);
  }

  /**
   * A pool of at most {@code size} connections to {@code url} whose callers wait at most {@code
   * connectionTimeout} (250 ms or more) for one. Opens one connection now: a database that cannot
   * be reached fails here.
   */
  public ConnectionPool(String url, int size, Duration connectionTimeout) {
    this.url = url;
    HikariConfig config = new HikariConfig();
    config.setPoolName("evalhub-index-" + POOLS.incrementAndGet());
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    // Connections open as load needs them, like the lazy pool before; one stays warm.
    config.setMinimumIdle(1);
    // The index sets auto-commit per use (see use) and leaves isolation to the database's default.
    config.setAutoCommit(true);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    // Validation is JDBC's Connection.isValid, which H2 and PostgreSQL both implement.
    config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    config.setKeepaliveTime(KEEPALIVE.toMillis());
    config.setMaxLifetime(MAX_LIFETIME.toMillis());
    if (url.startsWith("jdbc:postgresql:")) {
      // A partitioned process's open transaction must not hold its row locks for hours.
      config.setConnectionInitSql(DEAD_PEER_SETTINGS);
    }
    try {
      this.dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw failure("cannot connect to the index database", url, cause);
    }
  }

  /**
   * {@code jdbcUrl} as it may appear in a message or a log: without user information ({@code
   * user:password@}) and without parameters ({@code ?...}, or H2's {@code ;...}), which may hold a
   * password. E.g. {@code jdbc:postgresql://db:5432/hub}.
   */
  public static String describe(String jdbcUrl) {
    String shown = jdbcUrl;
    int cut = shown.length();
    for (char c : new char[] {'?', ';'}) {
      int at = shown.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    shown = shown.substring(0, cut);
    int hosts = shown.indexOf("//");
    if (hosts >= 0) {
      int end = shown.indexOf('/', hosts + 2);
      String authority = shown.substring(hosts + 2, end < 0 ? shown.length() : end);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        shown =
            shown.substring(0, hosts + 2)
                + authority.substring(at + 1)
                + (end < 0 ? "" : shown.substring(end));
      }
    }
    return shown;
  }

  /**
   * An {@link IndexException} "{@code what} {@code describe(url)}: {@code e}'s message", with
   * {@code url} shown as {@link #describe} shows it and its secrets (user information, a password
   * parameter) as {@code ***} wherever the message spells them; {@code e} is kept as the cause
   * unless a message of its chain spells a secret (a logged stack trace would show it).
   */
  public static IndexException failure(String what, String url, Throwable e) {
    List<String> secrets = secrets(url);
    boolean spells = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String secret : secrets) {
        spells |= t.getMessage() != null && t.getMessage().contains(secret);
      }
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    message = message.replace(url, describe(url));
    for (String secret : secrets) {
      message = message.replace(secret, "***");
    }
    return new IndexException(what + " " + describe(url) + ": " + message, spells ? null : e);
  }

  /** The user information and password parameters {@code url} holds, longest first. */
  private static List<String> secrets(String url) {
    List<String> secrets = new ArrayList<>();
    int hosts = url.indexOf("//");
    if (hosts >= 0) {
      int end = url.length();
      for (char c : new char[] {'/', '?', ';'}) {
        int at = url.indexOf(c, hosts + 2);
        end = at >= 0 ? Math.min(end, at) : end;
      }
      int at = url.substring(hosts + 2, end).lastIndexOf('@');
      if (at > 0) {
        secrets.add(url.substring(hosts + 2, hosts + 2 + at));
      }
    }
    for (String parameter : url.split("[?;&]")) {
      int equals = parameter.indexOf('=');
      if (equals > 0
          && parameter.substring(0, equals).toLowerCase(java.util.Locale.ROOT).contains("password")
          && equals + 1 < parameter.length()) {
        secrets.add(parameter.substring(equals + 1));
      }
    }
    secrets.sort(java.util.Comparator.comparingInt(String::length).reversed());
    return secrets;
  }

  public String url() {
    return url;
  }

  /**
   * The pool's state now (active, idle, waiting and total connections): what its metrics report.
   */
  public HikariPoolMXBean state() {
    return dataSource.getHikariPoolMXBean();
  }

  /** Runs {@code work} with a connection in auto-commit mode. */
  public <T> T read(Work<T> work) {
    return use(work, false);
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T transaction(Work<T> work) {
    return use(work, true);
  }

  private <T> T use(Work<T> work, boolean transactional) {
    Connection connection = acquire();
    try {
      connection.setAutoCommit(!transactional);
      T result = work.run(connection);
      if (transactional) {
        connection.commit();
      }
      return result;
    } catch (SQLException e) {
      rollback(connection, transactional);
      throw new IndexException("index database error: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollback(connection, transactional);
      throw e;
    } finally {
      // Back to the pool, which restores auto-commit and drops the connection if it saw it break.
      closeQuietly(connection);
    }
  }

  private Connection acquire() {
    try {
      return dataSource.getConnection();
    } catch (SQLTransientConnectionException e) {
      if (e.getCause() == null) {
        throw new IndexException(
            "no index connection became free within "
                + dataSource.getConnectionTimeout()
                + " ms: all "
                + dataSource.getMaximumPoolSize()
                + " connections of "
                + dataSource.getPoolName()
                + " are in use",
            e);
      }
      throw failure("cannot connect to the index database", url, e.getCause());
    } catch (SQLException e) {
      throw failure("cannot connect to the index database", url, e);
    }
  }

  private static void rollback(Connection connection, boolean transactional) {
    if (transactional) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The pool drops a connection that broke; the original failure is what the caller needs.
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Returning a broken connection has nothing left to report: the pool has dropped it.
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
