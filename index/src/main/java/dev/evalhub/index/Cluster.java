package dev.evalhub.index;

import dev.evalhub.index.internal.ConnectionPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's part in a hub of several instances sharing a PostgreSQL index: who leads
 * ingestion, and the notifications that keep every instance's caches in step.
 *
 * <ul>
 *   <li><b>Leadership</b>: the leader holds the session-level advisory lock {@code
 *       hashtext(current_schema() || ':evalhub-ingestion')} on a dedicated connection. Others try
 *       to take it every {@link #PERIOD}; the leader checks its connection every period and, when
 *       it is gone (PostgreSQL has then released the lock), stops leading at once ({@link
 *       Roles#follow}). A killed leader's socket closes, PostgreSQL releases its lock, and another
 *       instance leads within about a period.
 *   <li><b>Fencing</b> ({@link LeaderEpoch}): the flag above is in memory, and the lock's session
 *       may end alone (terminated, {@code idle_session_timeout}, a proxy cutting one connection)
 *       while the index's pooled connections work on; another instance then leads at once, before
 *       this one's next check. So a new leader first adds 1 to the index's leader epoch (after
 *       taking the lock, before {@link Roles#lead}), and every write transaction of the index
 *       ({@code Ingestion.write}) locks the epoch's row FOR SHARE and goes on only while the epoch
 *       is its own: a former leader's write is either committed before the takeover commits or
 *       rolled back with {@link FencedException}, and that instance stops writing at once and steps
 *       down at its next round (as when its lock's connection is gone).
 *   <li><b>Notifications</b> ({@link ClusterNotifications}): a dedicated connection {@code
 *       LISTEN}s; an index change committed by another instance drops this instance's caches
 *       ({@link Index#invalidateCaches}) and wakes {@link #awaitIndexed}; events appended by
 *       another process make the leader apply them at once ({@link Roles#othersAppended}, in a
 *       thread of its own). A lost listening connection is opened again and every cache dropped
 *       once (a notification may have been missed); it runs {@code SELECT 1} every period, so a
 *       half-open socket throws (after {@link #LISTEN_PING_TIMEOUT}) instead of waiting forever. A
 *       follower also drops its caches when the index's position moved past the last notification
 *       it got ({@link #POSITION_POLL}): caches are never stale for longer than {@link
 *       #STALE_CACHE_BOUND} (plus opening a connection) while the database can be reached.
 *   <li><b>Partitions and dead hosts</b> (nothing is closed, packets vanish): the leader stops
 *       leading within {@link #PERIOD} + {@link #LEADER_CHECK_TIMEOUT} (3 s; every call on the lock
 *       connection waits at most {@link #LEADER_CHECK_TIMEOUT}); the server ends its sessions, and
 *       releases the lock, after about 5 s of silence, 8 s when a reply was in flight ({@link
 *       ConnectionPool#DEAD_PEER_SETTINGS}, on every session of the instance, so an ingestion
 *       transaction's row lock goes too); another instance leads a {@link #PERIOD} later. The old
 *       leader thus stops before another can lead. Measured in {@code ClusterPartitionTest} and
 *       docs/ARCHITECTURE.md, "Several instances".
 * </ul>
 *
 * Thread-safe; {@link #close} stops both threads and releases the lock.
 */
public final class Cluster implements AutoCloseable {

  /** How often a follower tries to lead, and the leader checks its connection. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /**
   * How long the leader's check of its lock's connection may wait for the server before it counts
   * as lost: a leader cut off from the server stops leading within {@link #PERIOD} plus this.
   *
   * <p>One check that fails ends the lead, though a busy server may only be slow (the lock then
   * goes to whichever instance takes it next, which runs a full reconcile). Waiting for a second
   * failed check is not possible: pgjdbc aborts a connection whose read timed out ({@code
   * QueryExecutorImpl.execute}, 42.7.14), so the session holding the lock cannot be asked again,
   * and a new session cannot take the lock before the server ends the old one. Nor a longer single
   * wait: the old leader must stop before the server can release the lock of a silent peer (4.5 s
   * measured, {@link ConnectionPool#DEAD_PEER_SETTINGS}); {@link #PERIOD} + 2 s = 3 s leaves 1.5 s
   * for a loaded machine's scheduling, + 3 s would leave 0.5 s, and two checks (6 s: 1 + 2 + 1 + 2)
   * would break it.
   */
  public static final Duration LEADER_CHECK_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long the listening connection's ping may wait for the server before the connection counts
   * as lost and is opened again (every cache dropped).
   */
  static final Duration LISTEN_PING_TIMEOUT = Duration.ofSeconds(2);

  /** How often a follower compares the index's position with the last one it dropped caches at. */
  static final Duration POSITION_POLL = Duration.ofMillis(500);

  /**
   * How long a follower that reaches the database may serve a cache stale after a write on the
   * leader, even when its listening connection went silent: a poll's wait ({@link #POSITION_POLL}),
   * the ping's timeout ({@link #LISTEN_PING_TIMEOUT}) and the pause before reconnecting ({@link
   * #PERIOD}), plus the time to open a connection.
   */
  public static final Duration STALE_CACHE_BOUND =
      POSITION_POLL.plus(LISTEN_PING_TIMEOUT).plus(PERIOD);

  /**
   * How long a read on a cluster connection may wait for the server: a half-open socket (the
   * server's host lost power, a firewall dropped the flow) throws after this instead of blocking.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  private static final String LOCK_KEY = "hashtext(current_schema() || ':evalhub-ingestion')";

  /**
   * The key of the shared advisory lock every instance holds on its lock connection while it runs:
   * how the leader tells whether another instance is alive ({@link #alone}).
   */
  private static final String MEMBER_KEY = "hashtext(current_schema() || ':evalhub-member')";

  /** What the instance does as its role changes; called in the cluster's threads. */
  public interface Roles {
    /** This instance leads from now on (catch up, reconcile, repair, deliver webhooks). */
    void lead();

    /** This instance no longer leads (stop delivering webhooks); ingestion has stopped already. */
    void follow();

    /** Another process appended events (called only while this instance leads). */
    void othersAppended();
  }

  private final String url;
  private final Index index;
  private final String eventOrigin;
  private final Roles roles;
  private final Object positionChanged = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.CountDownLatch stop =
      new java.util.concurrent.CountDownLatch(1);
  private final AtomicBoolean appendPending = new AtomicBoolean();
  private final ExecutorService ingest =
      Executors.newSingleThreadExecutor(daemon("evalhub-cluster-ingest"));

  /**
   * Runs {@link Roles#lead} and {@link Roles#follow}, in order, away from the leadership thread: a
   * long start sequence (a reconcile) never delays the checks of the lock's connection.
   */
  private final ExecutorService role =
      Executors.newSingleThreadExecutor(daemon("evalhub-cluster-role"));

  private final Thread leadership;
  private final Thread listener;

  private volatile boolean leading;

  /** The leader epoch this instance took when it last took the lock ({@link LeaderEpoch}). */
  private volatile long epoch = -1;

  /** Whether a write of this instance's current lead was fenced: it steps down. */
  private volatile boolean fenced;

  private volatile Instant leaderSince;

  /** The index position this instance's caches are known to reflect (a notification or a poll). */
  private volatile long cachesAt = -1;

  private Connection lockConnection;
  private Connection listenConnection;

  private Cluster(String url, Index index, String eventOrigin, Roles roles) {
    this.url = url;
    this.index = index;
    this.eventOrigin = eventOrigin;
    this.roles = roles;
    this.leadership = daemon("evalhub-cluster-leadership").newThread(this::leadLoop);
    this.listener = daemon("evalhub-cluster-listen").newThread(this::listenLoop);
  }

  /**
   * Joins the hub of the PostgreSQL database {@code url}: tries once, now, to lead (see {@link
   * #leading()}: when this returns true the caller runs the start sequence itself; later changes of
   * role are told to {@code roles}), starts listening, and starts the thread that retries.
   * Ingestion of {@code index} writes only while this instance leads. {@code eventOrigin} is the
   * origin the process's event store notifies with (its own appends are applied by its listeners).
   */
  public static Cluster join(String url, Index index, String eventOrigin, Roles roles) {
    Cluster cluster = new Cluster(url, index, eventOrigin, roles);
    index.ingestion().writeOnlyWhile(cluster::leading);
    cluster.tryToLead(false);
    cluster.listener.start();
    cluster.leadership.start();
    return cluster;
  }

  /**
   * The hold of a process that writes the index alone for a while (the command line's reindex on
   * PostgreSQL, see {@link #leadAlone}): closing it releases the lock. Not thread-safe.
   */
  public static final class Lease implements AutoCloseable {
    private final Connection connection;
    private final Index index;
    private final java.util.function.BooleanSupplier before;
    private final LeaderEpoch.Fence fenceBefore;
    private volatile boolean held = true;

    private Lease(Connection connection, Index index, long epoch) {
      this.connection = connection;
      this.index = index;
      this.before = index.ingestion().writeCondition();
      this.fenceBefore = index.ingestion().fence();
      index.ingestion().writeOnlyWhile(() -> held);
      index.ingestion().fenceWith(LeaderEpoch.fence(epoch, () -> held = false));
    }

    /**
     * Whether the lease still lets {@code index} write: false once closed, or once a write was
     * fenced ({@link FencedException}: the lock's session ended and an instance leads).
     */
    public boolean held() {
      return held;
    }

    /** Stops writing and releases the lock (another instance may lead from now on). */
    @Override
    public void close() {
      held = false;
      index.ingestion().writeOnlyWhile(before);
      index.ingestion().fenceWith(fenceBefore);
      closeQuietly(connection);
    }
  }

  /**
   * Takes the leadership lock of the hub of the PostgreSQL database {@code url} for a process that
   * is no instance of it (the command line's {@code evalhub reindex}), so that it never writes the
   * index beside a leader; {@code index} writes while the lease is held. Throws {@link
   * IndexException} naming the way out when an instance leads now, or when the database cannot be
   * reached; while the lease is held, no instance leads (they keep trying every {@link #PERIOD}).
   */
  public static Lease leadAlone(String url, Index index) {
    Connection c;
    try {
      c = connect(url);
    } catch (SQLException e) {
      throw new IndexException(
          "cannot connect to " + ConnectionPool.describe(url) + ": " + e.getMessage(), e);
    }
    try {
      if (!takeLock(c)) {
        throw new IndexException(
            "an instance leads ingestion of the index "
                + ConnectionPool.describe(url)
                + ": stop every instance before this reindex (they reconcile the index with the"
                + " repositories when they start), or reindex into a new database or schema"
                + " (--db NEW_URL)",
            null);
      }
      return new Lease(c, index, index.ingestion().takeLeaderEpoch());
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      if (e instanceof IndexException known) {
        throw known;
      }
      throw new IndexException("cannot take the ingestion lock: " + e.getMessage(), e);
    }
  }

  /** Whether this instance leads ingestion now. */
  public boolean leading() {
    return leading && !fenced;
  }

  /** Since when this instance leads; empty while it follows. */
  public Optional<Instant> leaderSince() {
    return leading() ? Optional.ofNullable(leaderSince) : Optional.empty();
  }

  /**
   * Waits until the index has applied the event {@code sequence} (whoever leads), at most {@code
   * max}; returns whether it has. What a follower's push waits on before it answers.
   */
  public boolean awaitIndexed(long sequence, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (index.lastSequence() >= sequence) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed.get()) {
        return false;
      }
      synchronized (positionChanged) {
        try {
          // Woken by the leader's notification; the bound is the fallback for a missed one.
          positionChanged.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 250)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private void leadLoop() {
    while (!closed.get()) {
      sleep(PERIOD);
      if (closed.get()) {
        return;
      }
      tryToLead(true);
    }
  }

  /** One round: take the lock when following, check the connection when leading. */
  private synchronized void tryToLead(boolean tell) {
    try {
      if (lockConnection == null) {
        lockConnection = connect(url);
        // Its statements are tiny: a silent server holds no call on it (alone() holds this monitor)
        // longer than the leader's check may take.
        lockConnection.setNetworkTimeout(Runnable::run, (int) LEADER_CHECK_TIMEOUT.toMillis());
        join(lockConnection);
      }
      if (!leading) {
        if (takeLock(lockConnection)) {
          // Before the first write of this lead: fences the former leader's writes from here on,
          // after waiting for the one it may be running (LeaderEpoch).
          long taken = index.ingestion().takeLeaderEpoch();
          index.ingestion().fenceWith(LeaderEpoch.fence(taken, () -> fenced(taken)));
          epoch = taken;
          fenced = false;
          leaderSince = Instant.now();
          leading = true;
          LOG.info("this instance leads ingestion now");
          if (tell) {
            role.execute(() -> runRole(roles::lead, "taking the lead"));
          }
        }
      } else if (fenced) {
        throw new SQLException("a write was fenced: another instance took the lead");
      } else if (!lockConnection.isValid((int) LEADER_CHECK_TIMEOUT.toSeconds())) {
        throw new SQLException("the connection that holds the leadership lock is gone");
      }
    } catch (SQLException | RuntimeException e) {
      closeQuietly(lockConnection);
      lockConnection = null;
      if (leading) {
        leading = false;
        leaderSince = null;
        LOG.warn("this instance lost the lead of ingestion: {}", e.getMessage());
        if (tell) {
          role.execute(() -> runRole(roles::follow, "following"));
        }
      } else {
        LOG.debug("cannot try to lead: {}", e.getMessage());
      }
    }
  }

  /**
   * A write of the lead that took {@code taken} was fenced: this instance stops writing at once
   * ({@link #leading} turns false) and steps down at the next round (closes the lock's connection,
   * tells {@link Roles#follow}).
   */
  private void fenced(long taken) {
    if (taken == epoch && !fenced) {
      fenced = true;
      LOG.warn("a write was fenced: another instance leads ingestion (epoch {} is over)", taken);
    }
  }

  /** Holds the shared member lock on {@code c}: this instance is alive while {@code c} is open. */
  private static void join(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_advisory_lock_shared(" + MEMBER_KEY + ")")) {
      rs.next();
    }
  }

  /**
   * Whether no other instance of this hub is alive now (none holds the member lock but this one):
   * then nothing a live instance does can be in the way of the start repairs, and a lock or a
   * half-done merge of any age is a stopped process's. False when it cannot be told (no connection,
   * a database error): the caller then keeps to what is old enough.
   */
  public synchronized boolean alone() {
    if (lockConnection == null) {
      return false;
    }
    String members =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND mode ="
            + " 'ShareLock' AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE"
            + " datname = current_database()) AND objid::bigint = ("
            + MEMBER_KEY
            + "::bigint & 4294967295)";
    try (Statement s = lockConnection.createStatement();
        ResultSet rs = s.executeQuery(members)) {
      rs.next();
      return rs.getLong(1) == 1;
    } catch (SQLException e) {
      LOG.debug("cannot tell whether other instances are alive: {}", e.getMessage());
      return false;
    }
  }

  private static boolean takeLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private void listenLoop() {
    String schema = null;
    boolean reconnected = false;
    String lastFailure = null;
    long lastPing = System.nanoTime();
    long lastPoll = System.nanoTime();
    while (!closed.get()) {
      try {
        if (listenConnection == null) {
          listenConnection = connect(url);
          // Its statements are tiny: a silent server fails the ping soon, not after SOCKET_TIMEOUT.
          listenConnection.setNetworkTimeout(Runnable::run, (int) LISTEN_PING_TIMEOUT.toMillis());
          try (Statement s = listenConnection.createStatement()) {
            s.execute("LISTEN " + ClusterNotifications.CHANNEL);
            try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
              rs.next();
              schema = rs.getString(1);
            }
          }
          if (reconnected) {
            // Notifications may have been missed while the connection was down.
            index.invalidateCaches();
            wakeWaiters();
          }
          lastFailure = null;
        }
        PGNotification[] received =
            listenConnection.unwrap(PGConnection.class).getNotifications(500);
        if (received != null) {
          for (PGNotification n : received) {
            handle(schema, n.getParameter());
          }
        }
        if (System.nanoTime() - lastPing >= PERIOD.toNanos()) {
          // Waiting for notifications reads nothing from a dead socket: a statement does, and
          // throws after the ping's timeout, so the connection is opened again (caches dropped).
          ping(listenConnection);
          lastPing = System.nanoTime();
        }
        if (System.nanoTime() - lastPoll >= POSITION_POLL.toNanos()) {
          followPosition();
          lastPoll = System.nanoTime();
        }
      } catch (SQLException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        if (!Objects.equals(e.toString(), lastFailure)) {
          LOG.warn("the cluster's notification connection failed; reconnecting: {}", e.toString());
          lastFailure = e.toString();
        }
        closeQuietly(listenConnection);
        listenConnection = null;
        reconnected = true;
        sleep(PERIOD);
      }
    }
  }

  /**
   * On a follower, drops the caches when the index's position moved past the one they are known to
   * reflect: a bound on staleness that holds even when every notification is lost.
   */
  private void followPosition() {
    long position;
    try {
      position = index.lastSequence();
    } catch (RuntimeException e) {
      LOG.debug("cannot read the index's position: {}", e.getMessage());
      return;
    }
    long known = cachesAt;
    cachesAt = Math.max(known, position);
    if (known >= 0 && position > known && !leading()) {
      index.invalidateCaches();
      wakeWaiters();
    }
  }

  private static void ping(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
    }
  }

  /**
   * A dedicated connection to {@code url} that notices a dead peer on both sides: the server drops
   * the session (and so the leadership lock) after about 5 s of TCP silence, even with data in
   * flight ({@link ConnectionPool#DEAD_PEER_SETTINGS}), and the client's reads time out after
   * {@link #SOCKET_TIMEOUT} (pgjdbc's {@code socketTimeout}, with {@code tcpKeepAlive}); the lock
   * and listening connections then lower that to {@link #LEADER_CHECK_TIMEOUT} and {@link
   * #LISTEN_PING_TIMEOUT}. Parameters in {@code url} win over these.
   */
  static Connection connect(String url) throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    Connection c = DriverManager.getConnection(url, properties);
    try (Statement s = c.createStatement()) {
      s.execute(ConnectionPool.DEAD_PEER_SETTINGS);
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  private void handle(String schema, String payload) {
    Optional<ClusterNotifications.Notice> parsed = ClusterNotifications.parse(payload);
    if (parsed.isEmpty() || !parsed.get().schema().equals(schema)) {
      return;
    }
    ClusterNotifications.Notice notice = parsed.get();
    if (notice.kind().equals(ClusterNotifications.INDEX)) {
      cachesAt = Math.max(cachesAt, notice.sequence());
      if (!notice.origin().equals(index.origin())) {
        index.invalidateCaches();
      }
      wakeWaiters();
    } else if (notice.kind().equals(ClusterNotifications.EVENTS)
        && !notice.origin().equals(eventOrigin)
        && leading
        && appendPending.compareAndSet(false, true)) {
      ingest.execute(
          () -> {
            appendPending.set(false);
            if (leading) {
              runRole(roles::othersAppended, "applying other processes' events");
            }
          });
    }
  }

  private void wakeWaiters() {
    synchronized (positionChanged) {
      positionChanged.notifyAll();
    }
  }

  private static void runRole(Runnable role, String what) {
    try {
      role.run();
    } catch (RuntimeException e) {
      LOG.error("the cluster failed {}", what, e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // No interrupt: a role running inside JDBC or a FileChannel would have its channel closed.
    stop.countDown();
    join(leadership);
    synchronized (this) {
      // A start sequence still running (a reconcile) stops at its next repository.
      leading = false;
      leaderSince = null;
    }
    for (ExecutorService executor : java.util.List.of(ingest, role)) {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      leading = false;
      leaderSince = null;
      // Closing the session releases its advisory lock: another instance leads within a period.
      closeQuietly(lockConnection);
      lockConnection = null;
    }
    join(listener);
    closeQuietly(listenConnection);
    wakeWaiters();
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleep(Duration d) {
    try {
      stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // A broken connection has nothing left to release: the server dropped its session.
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }
}
