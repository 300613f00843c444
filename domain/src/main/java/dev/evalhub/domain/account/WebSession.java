package dev.evalhub.domain.account;

import java.util.Objects;
import java.util.Optional;

/**
 * One sign-in session of the pages: its random id (the cookie), the CSRF token of its forms and,
 * once signed in, the SHA-256 (64 lower-case hex digits) of the account token it signed in with —
 * the token, not the account, so that revoking the token signs the session out at once. Immutable.
 */
public record WebSession(String id, String csrf, Optional<String> tokenDigest) {

  public WebSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(csrf, "csrf");
    Objects.requireNonNull(tokenDigest, "tokenDigest");
  }
}
