package dev.evalhub.domain.account;

import java.util.Optional;

/**
 * Where the pages' sessions are kept: in the memory of one process (the embedded default) or in a
 * table of the PostgreSQL index that every instance of a hub shares. Bounded in count (the least
 * recently used go first); ids and CSRF tokens are 43 URL-safe characters from a secure random
 * source. Implementations are thread-safe.
 */
public interface WebSessionStore {

  /** The session {@code id} ({@code null}: none), marking it used. */
  Optional<WebSession> find(String id);

  /** A new anonymous session. */
  WebSession create();

  /**
   * A new session signed in with the token whose SHA-256 is {@code tokenDigest}; {@code old} is
   * dropped, so that a planted cookie cannot ride along.
   */
  WebSession signIn(WebSession old, String tokenDigest);

  /** Forgets the session {@code id}. */
  void remove(String id);
}
