package dev.evalhub.index;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The fence of the index's writes on PostgreSQL: a fencing token, the leader epoch, in the one row
 * of {@code index_leader} (migration V3_17_4). A process that takes the ingestion lock adds 1 to
 * the epoch ({@link #next}) before it writes, and every write transaction of the index starts with
 * {@link #check}: it locks the row {@code FOR SHARE} and goes on only while the epoch is still the
 * one its process took; otherwise it throws {@link FencedException} and is rolled back.
 *
 * <p>Why this fences the commit, not only the start, under READ COMMITTED: the takeover's {@code
 * UPDATE} locks the row (FOR UPDATE strength) and the write's check locks it FOR SHARE; the two
 * conflict, so one waits for the other's transaction to end. (1) The write locked first: the
 * takeover waits until the write commits or rolls back, so the write is wholly committed before the
 * new epoch is, and the new leader, which writes only after its takeover committed, sees it (each
 * statement of a READ COMMITTED transaction sees what was committed before it began): as if the old
 * leader had finished before losing the lead. (2) The takeover locked first: the check waits until
 * the takeover commits, then PostgreSQL re-reads the row's newest version for the locking read
 * (EvalPlanQual), finds the new epoch, and the write throws before it changed anything. A check of
 * {@code pg_locks} instead would be a plain read: the lock can be lost between it and the commit.
 * The check is a write transaction's first statement, so a write that waits on it holds no other
 * lock: no deadlock with the takeover. The old leader's last write may delay a takeover until that
 * transaction ends (a server ends a silent peer's session within about 8 s,
 * ConnectionPool.DEAD_PEER_SETTINGS), and share lockers may pass a waiting takeover only while the
 * old leader still believes it leads (at most PERIOD + LEADER_CHECK_TIMEOUT, {@link Cluster}).
 *
 * <p>Cost: one round trip and one row lock per write transaction (measured in docs/ARCHITECTURE.md,
 * "Several instances"). An embedded H2 index (one process) has no fence ({@link
 * Ingestion#fenceWith} is never called).
 */
final class LeaderEpoch {

  /** What a write transaction checks first; throws to roll it back. */
  @FunctionalInterface
  interface Fence {
    void check(Connection c) throws SQLException;
  }

  /** No fence: one process writes the index (H2, or a PostgreSQL index outside a cluster). */
  static final Fence NONE = c -> {};

  private LeaderEpoch() {}

  /**
   * Adds 1 to the epoch and returns the new one; run in a transaction of its own, by the holder of
   * the ingestion lock, after it took the lock and before it writes. Waits for every write
   * transaction that checked the old epoch to end.
   */
  static long next(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "UPDATE index_leader SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch")) {
      if (!rs.next()) {
        throw new SQLException(
            "the index has no leader epoch row (index_leader, migration 3.17.4)");
      }
      return rs.getLong(1);
    }
  }

  /**
   * The fence of a process that took {@code own} ({@link #next}): throws {@link FencedException}
   * after running {@code onFenced} (the process stops writing) when the epoch moved on.
   */
  static Fence fence(long own, Runnable onFenced) {
    return c -> {
      long current;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT epoch FROM index_leader WHERE id = 1 FOR SHARE")) {
        current = rs.next() ? rs.getLong(1) : -1;
      }
      if (current != own) {
        onFenced.run();
        throw new FencedException(own, current);
      }
    };
  }
}
