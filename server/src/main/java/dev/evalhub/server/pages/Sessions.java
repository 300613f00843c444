package dev.evalhub.server.pages;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page sessions, in memory: a random session id (the cookie) names the CSRF token of the
 * session and, once signed in, the account's token. The token itself is kept, not the account, so
 * that revoking it signs the session out at once. At most {@link #MAX_SESSIONS} live; the least
 * recently used is forgotten first. Thread-safe.
 */
final class Sessions {

  /**
   * Anonymous visitors get a session too (the sign-in form needs a CSRF token), so the store is
   * bounded. Every field of a session has a fixed length (two 43-character ids and a token that
   * authenticated, 37 characters), so the count bounds the memory too: about 0.5 KB a session, 10
   * MB at most.
   */
  static final int MAX_SESSIONS = 20_000;

  /** One session: its CSRF token and, when signed in, the token it signed in with. Immutable. */
  record Session(String id, String csrf, Optional<String> token) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
          return size() > MAX_SESSIONS;
        }
      };

  synchronized Optional<Session> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  synchronized Session create() {
    Session session = new Session(randomId(), randomId(), Optional.empty());
    sessions.put(session.id(), session);
    return session;
  }

  /**
   * A new session id for the signed-in account: the old id is dropped, so a planted cookie cannot
   * ride along.
   */
  synchronized Session signIn(Session old, String token) {
    sessions.remove(old.id());
    Session session = new Session(randomId(), randomId(), Optional.of(token));
    sessions.put(session.id(), session);
    return session;
  }

  synchronized void remove(String id) {
    sessions.remove(id);
  }

  private static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
