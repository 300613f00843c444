package dev.evalhub.index;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.index.internal.ConnectionPool;
import dev.evalhub.storage.EventStore;
import dev.evalhub.storage.FileEventStore;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * The hub's event log in the {@code events} table of a PostgreSQL index database (migration {@code
 * V3_16_1}), shared by every instance and command line of the hub. An append is one transaction
 * that locks the table against other appends ({@code SHARE ROW EXCLUSIVE}: readers go on), reads
 * the last sequence number, inserts the events after it and sends the notification {@link
 * ClusterNotifications#CHANNEL} {@code "SCHEMA events SEQ ORIGIN"}, delivered at commit, so the
 * numbers are dense and ordered across processes and the leader applies at once. The table is not
 * derived: a reindex keeps it. Thread-safe; {@link #close} closes its connections.
 */
public final class SqlEventStore implements EventStore, AutoCloseable {

  /** What an existing {@code events.log} is renamed to once it has been copied into the table. */
  public static final String MIGRATED_SUFFIX = ".migrated-to-postgresql";

  private static final int CONNECTIONS = 4;

  private final ConnectionPool pool;
  private final String origin;

  private SqlEventStore(ConnectionPool pool, String origin) {
    this.pool = pool;
    this.origin = origin;
  }

  /** Whether {@code jdbcUrl} names a database this store (and a cluster of instances) runs on. */
  public static boolean supports(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /**
   * Opens the store of the PostgreSQL database {@code jdbcUrl} (migrating its schema as {@link
   * Index#open} does), for the process {@code origin} (any id unique among the hub's processes; it
   * names this process in the notifications). When {@code legacyLog} (the data folder's {@code
   * events.log}) exists and the table is empty, the file's events are copied into it with their
   * sequence numbers, in one transaction, and the file is renamed with {@link #MIGRATED_SUFFIX}: a
   * data folder moves from H2 to PostgreSQL once. When both hold events, nothing is changed and
   * {@link IndexException} says which is which: one of them must be moved away by hand.
   */
  public static SqlEventStore open(String jdbcUrl, String origin, Path legacyLog) {
    if (!supports(jdbcUrl)) {
      throw new IllegalArgumentException(
          "the SQL event log runs on PostgreSQL only: " + ConnectionPool.describe(jdbcUrl));
    }
    try {
      Flyway.configure().dataSource(jdbcUrl, null, null).load().migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw ConnectionPool.failure("cannot migrate the index database", jdbcUrl, e);
    }
    SqlEventStore store = new SqlEventStore(new ConnectionPool(jdbcUrl, CONNECTIONS), origin);
    try {
      store.importLegacy(legacyLog);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The id this process's appends notify with. */
  public String origin() {
    return origin;
  }

  @Override
  public String describe() {
    return "the events table of " + ConnectionPool.describe(pool.url());
  }

  @Override
  public List<RefEvent> append(List<RefEvent.Pending> pending, Instant time) {
    try {
      return pool.transaction(
          c -> {
            long sequence = lockAndReadLast(c);
            List<RefEvent> appended = new ArrayList<>();
            for (RefEvent.Pending p : pending) {
              appended.add(
                  new RefEvent(
                      ++sequence, p.repo(), p.ref(), p.oldId(), p.newId(), p.actor(), time));
            }
            insert(c, appended);
            ClusterNotifications.send(c, ClusterNotifications.EVENTS, sequence, origin);
            return appended;
          });
    } catch (IndexException e) {
      throw new StorageException("cannot append to " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long lastSequence() {
    return pool.read(SqlEventStore::readLast);
  }

  @Override
  public String stamp() {
    return Long.toString(lastSequence());
  }

  @Override
  public List<RefEvent> readAfter(long sequence) {
    return pool.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT seq, event_time, repo, ref_name, old_id, new_id, actor FROM events"
                      + " WHERE seq > ? ORDER BY seq")) {
            s.setLong(1, sequence);
            List<RefEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                events.add(event(rs));
              }
            }
            return events;
          }
        });
  }

  private void importLegacy(Path legacyLog) {
    if (!Files.isRegularFile(legacyLog)) {
      return;
    }
    FileEventStore file = new FileEventStore(legacyLog);
    boolean copied =
        pool.transaction(
            c -> {
              long last = lockAndReadLast(c);
              // Read under the table's lock: two instances starting at once import the file once.
              if (!Files.isRegularFile(legacyLog)) {
                return false;
              }
              List<RefEvent> events = file.readAfter(0);
              if (events.isEmpty()) {
                return true;
              }
              long fileLast = events.get(events.size() - 1).sequence();
              if (last > 0 && last == fileLast && sameEvent(c, events.get(events.size() - 1))) {
                // Copied by another instance starting at the same time, which renames the file
                // after its commit, maybe since the read above. The rename is atomic, so the order
                // of these two checks tells that race from a log that appeared again beside the
                // renamed one.
                if (!Files.exists(migrated(legacyLog))) {
                  return true; // not renamed yet: rename it here (or find it renamed meanwhile)
                }
                if (!Files.exists(legacyLog)) {
                  return false; // renamed since the read above
                }
              }
              if (last > 0) {
                throw new IndexException(
                    "the data folder's event log "
                        + legacyLog
                        + " holds events up to #"
                        + fileLast
                        + " and the events table of "
                        + ConnectionPool.describe(pool.url())
                        + " holds events up to #"
                        + last
                        + ": the hub cannot tell which is its log. Move "
                        + legacyLog
                        + " away if the database's is the hub's (then run evalhub reindex), or use"
                        + " a fresh database schema to copy the file's events into",
                    null);
              }
              insert(c, events);
              return true;
            });
    // Only once the copy is committed: a failed copy leaves the file the hub's log.
    if (copied && Files.isRegularFile(legacyLog)) {
      rename(legacyLog);
    }
  }

  private static boolean sameEvent(Connection c, RefEvent event) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT repo, ref_name, new_id FROM events WHERE seq = ?")) {
      s.setLong(1, event.sequence());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            && rs.getString(1).equals(event.repo().urlPath())
            && rs.getString(2).equals(event.ref().name())
            && rs.getString(3).equals(event.newId().hex());
      }
    }
  }

  private static Path migrated(Path legacyLog) {
    return legacyLog.resolveSibling(legacyLog.getFileName() + MIGRATED_SUFFIX);
  }

  private static void rename(Path legacyLog) {
    try {
      Files.move(legacyLog, migrated(legacyLog));
    } catch (java.nio.file.NoSuchFileException e) {
      // Another instance that copied it too renamed it first.
    } catch (IOException e) {
      throw new IndexException("cannot rename " + legacyLog + ": " + e.getMessage(), e);
    }
  }

  private static long lockAndReadLast(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Conflicts with itself (other appends wait), not with the readers' ACCESS SHARE.
      s.execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    }
    return readLast(c);
  }

  private static long readLast(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void insert(Connection c, List<RefEvent> events) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO events (seq, event_time, repo, ref_name, old_id, new_id, actor)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (RefEvent e : events) {
        s.setLong(1, e.sequence());
        s.setString(2, e.time().toString());
        s.setString(3, e.repo().urlPath());
        s.setString(4, e.ref().name());
        s.setString(5, e.oldId().hex());
        s.setString(6, e.newId().hex());
        s.setString(7, e.actor().name());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static RefEvent event(ResultSet rs) throws SQLException {
    String path = rs.getString(3);
    RepoId repo =
        RepoId.parsePath(path)
            .orElseThrow(() -> new IndexException("corrupt event: repository " + path, null));
    return new RefEvent(
        rs.getLong(1),
        repo,
        new RefName(rs.getString(4)),
        CommitId.parse(rs.getString(5)),
        CommitId.parse(rs.getString(6)),
        new AccountName(rs.getString(7)),
        Instant.parse(rs.getString(2)));
  }

  @Override
  public void close() {
    pool.close();
  }
}
