package dev.evalhub.index.internal;

import dev.evalhub.index.IndexException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed-size pool of JDBC connections to one database, so that an API request does not pay for a new
 * PostgreSQL connection. Connections are opened lazily up to {@code size}. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {

  /** Work done with a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String url;
  private final int size;
  private final BlockingQueue<Connection> idle;
  private final AtomicInteger opened = new AtomicInteger();

  public ConnectionPool(String url, int size) {
    this.url = url;
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
  }

  public String url() {
    return url;
  }

  /** Runs {@code work} with a connection in auto-commit mode. */
  public <T> T read(Work<T> work) {
    return use(work, false);
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T transaction(Work<T> work) {
    return use(work, true);
  }

  private <T> T use(Work<T> work, boolean transactional) {
    Connection connection = acquire();
    boolean healthy = false;
    try {
      connection.setAutoCommit(!transactional);
      T result = work.run(connection);
      if (transactional) {
        connection.commit();
      }
      healthy = true;
      return result;
    } catch (SQLException e) {
      rollback(connection, transactional);
      throw new IndexException("index database error: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollback(connection, transactional);
      healthy = true;
      throw e;
    } finally {
      release(connection, healthy);
    }
  }

  private Connection acquire() {
    Connection connection = idle.poll();
    if (connection != null) {
      return connection;
    }
    if (opened.incrementAndGet() <= size) {
      try {
        return DriverManager.getConnection(url);
      } catch (SQLException e) {
        opened.decrementAndGet();
        throw new IndexException("cannot connect to the index database " + url + ": " + e.getMessage(), e);
      }
    }
    opened.decrementAndGet();
    try {
      connection = idle.poll(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexException("interrupted while waiting for an index connection", e);
    }
    if (connection == null) {
      throw new IndexException("no index connection became free within 30 s", null);
    }
    return connection;
  }

  private void release(Connection connection, boolean healthy) {
    if (healthy && idle.offer(connection)) {
      return;
    }
    opened.decrementAndGet();
    closeQuietly(connection);
  }

  private static void rollback(Connection connection, boolean transactional) {
    if (transactional) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The connection is dropped from the pool below; the original failure is what the caller needs.
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing a broken connection has nothing left to report.
    }
  }

  @Override
  public void close() {
    Connection connection;
    while ((connection = idle.poll()) != null) {
      closeQuietly(connection);
    }
  }
}
