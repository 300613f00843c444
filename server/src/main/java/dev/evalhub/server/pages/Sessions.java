package dev.evalhub.server.pages;

import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.account.WebSessionStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page sessions of one process, in memory (the embedded default; several instances on
 * PostgreSQL share the database's, {@code AccountService.sharedSessions}): a random session id (the
 * cookie) names the CSRF token of the session and, once signed in, the SHA-256 of the account's
 * token. The token is kept, not the account, so that revoking it signs the session out at once. At
 * most {@link #MAX_SESSIONS} live; the least recently used is forgotten first. Thread-safe.
 */
final class Sessions implements WebSessionStore {

  /**
   * Anonymous visitors get a session too (the sign-in form needs a CSRF token), so the store is
   * bounded. Every field of a session has a fixed length (two 43-character ids and a 64-character
   * digest), so the count bounds the memory too: about 0.5 KB a session, 10 MB at most.
   */
  static final int MAX_SESSIONS = 20_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, WebSession> sessions =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WebSession> eldest) {
          return size() > MAX_SESSIONS;
        }
      };

  @Override
  public synchronized Optional<WebSession> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  @Override
  public synchronized WebSession create() {
    WebSession session = new WebSession(randomId(), randomId(), Optional.empty());
    sessions.put(session.id(), session);
    return session;
  }

  @Override
  public synchronized WebSession signIn(WebSession old, String tokenDigest) {
    sessions.remove(old.id());
    WebSession session = new WebSession(randomId(), randomId(), Optional.of(tokenDigest));
    sessions.put(session.id(), session);
    return session;
  }

  @Override
  public synchronized void remove(String id) {
    sessions.remove(id);
  }

  private static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
