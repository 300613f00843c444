package dev.evalhub.index;

import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.account.WebSessionStore;
import dev.evalhub.index.internal.ConnectionPool;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The pages' sessions in the {@code web_sessions} table (migration {@code V3_16_1}) of a PostgreSQL
 * index, so that every instance of a hub knows every session (a load balancer needs no sticky
 * sessions). The same rules as the in-memory store: at most {@link #MAX_SESSIONS}, the least
 * recently used dropped first; besides, a session unused for {@link #MAX_IDLE} is gone. "Used" is
 * recorded at most once a minute per session, so a page view costs a read, not a write. Not derived
 * from git: a reindex keeps the table. A row is keyed by the SHA-256 of the session id (hex), never
 * the id (the cookie) itself, so reading the table gives no session away. Thread-safe.
 */
public final class SqlSessions implements WebSessionStore {

  /** As many sessions as the in-memory store keeps. */
  public static final int MAX_SESSIONS = 20_000;

  /** A session unused for this long is gone. */
  public static final Duration MAX_IDLE = Duration.ofDays(30);

  private static final long TOUCH_MILLIS = Duration.ofMinutes(1).toMillis();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConnectionPool pool;
  private final Clock clock;

  SqlSessions(ConnectionPool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Optional<WebSession> find(String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    long now = clock.millis();
    return pool.read(
        c -> {
          Optional<WebSession> found = Optional.empty();
          long usedAt = 0;
          try (PreparedStatement s =
              c.prepareStatement("SELECT csrf, token, used_at FROM web_sessions WHERE id = ?")) {
            s.setString(1, key(id));
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                found =
                    Optional.of(
                        new WebSession(id, rs.getString(1), Optional.ofNullable(rs.getString(2))));
                usedAt = rs.getLong(3);
              }
            }
          }
          if (found.isPresent() && usedAt < now - MAX_IDLE.toMillis()) {
            return Optional.<WebSession>empty();
          }
          if (found.isPresent() && usedAt < now - TOUCH_MILLIS) {
            update(c, "UPDATE web_sessions SET used_at = ? WHERE id = ?", now, key(id));
          }
          return found;
        });
  }

  @Override
  public WebSession create() {
    return insert(new WebSession(randomId(), randomId(), Optional.empty()));
  }

  @Override
  public WebSession signIn(WebSession old, String tokenDigest) {
    WebSession session = new WebSession(randomId(), randomId(), Optional.of(tokenDigest));
    pool.transaction(
        c -> {
          update(c, "DELETE FROM web_sessions WHERE id = ?", key(old.id()));
          insertRow(c, session);
          return null;
        });
    return session;
  }

  @Override
  public void remove(String id) {
    pool.read(
        c -> {
          update(c, "DELETE FROM web_sessions WHERE id = ?", key(id));
          return null;
        });
  }

  private WebSession insert(WebSession session) {
    pool.transaction(
        c -> {
          insertRow(c, session);
          return null;
        });
    // One create in a hundred trims the table: the bound holds within a hundred sessions.
    if (RANDOM.nextInt(100) == 0) {
      trim();
    }
    return session;
  }

  /**
   * Drops the sessions unused for {@link #MAX_IDLE}, then the least recently used beyond the bound.
   */
  void trim() {
    long now = clock.millis();
    pool.read(
        c -> {
          update(c, "DELETE FROM web_sessions WHERE used_at < ?", now - MAX_IDLE.toMillis());
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM web_sessions WHERE id IN (SELECT id FROM web_sessions"
                      + " ORDER BY used_at DESC, id OFFSET ?)")) {
            s.setInt(1, MAX_SESSIONS);
            s.executeUpdate();
          }
          return null;
        });
  }

  private void insertRow(Connection c, WebSession session) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO web_sessions (id, csrf, token, used_at) VALUES (?, ?, ?, ?)")) {
      s.setString(1, key(session.id()));
      s.setString(2, session.csrf());
      s.setString(3, session.tokenDigest().orElse(null));
      s.setLong(4, clock.millis());
      s.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  /** The row key of the session {@code id}: its SHA-256, 64 hex digits. */
  static String key(String id) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
