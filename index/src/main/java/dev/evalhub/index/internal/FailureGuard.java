package dev.evalhub.index.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * Runs one unit of indexing (a ref, a repository's pull request records, a repository) under a
 * savepoint of the caller's transaction, so that its failure undoes only its own writes and the
 * rest of the transaction goes on. A failure of the database itself (the rollback fails) still
 * propagates. Stateless.
 */
public final class FailureGuard {

  /** The longest error message kept in the index. */
  private static final int MAX_MESSAGE = 1_000;

  private FailureGuard() {}

  /** One unit of indexing. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work}; returns what it threw (its writes rolled back), or empty when it succeeded.
   */
  public static Optional<Exception> attempt(Connection c, Work work) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      work.run();
      c.releaseSavepoint(savepoint);
      return Optional.empty();
    } catch (Exception e) {
      c.rollback(savepoint);
      return Optional.of(e);
    }
  }

  /**
   * A failure as one line: each distinct message of the exception and its causes, at most 1,000
   * characters.
   */
  public static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    String line = text.toString().replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
