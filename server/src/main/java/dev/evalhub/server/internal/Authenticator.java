package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.service.AccountService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the caller from an {@code Authorization} header: HTTP Basic with the token as password (any
 * user name; a token given as user name with an empty password works too), or {@code Bearer TOKEN}.
 * Parsing the header is all it does: which account a token belongs to is {@link
 * AccountService#authenticate}'s. Thread-safe.
 */
public final class Authenticator {

  /**
   * The outcome: no credentials, credentials that match no live token, or the caller. Immutable.
   */
  public record Credentials(boolean given, Optional<Caller> caller) {
    public static final Credentials NONE = new Credentials(false, Optional.empty());

    public boolean invalid() {
      return given && caller.isEmpty();
    }
  }

  private final AccountService accounts;

  public Authenticator(AccountService accounts) {
    this.accounts = accounts;
  }

  public Credentials authenticate(String authorization) {
    Optional<String> token = secret(authorization);
    // The JS client sends "Bearer undefined" when it has no token: that is no credential, not a
    // wrong one.
    if (token.isEmpty() || token.get().equals("undefined")) {
      return Credentials.NONE;
    }
    return new Credentials(true, accounts.authenticate(token.get()));
  }

  /**
   * The caller of an API request: empty when it sends no credentials; refused (UNAUTHENTICATED)
   * when its token matches nothing, rather than served as anonymous, so a revoked token is noticed.
   */
  public Optional<Caller> caller(String authorization) {
    Credentials credentials = authenticate(authorization);
    if (credentials.invalid()) {
      throw new HubException(
          HubException.Kind.UNAUTHENTICATED, "invalid credentials: the token is not valid");
    }
    return credentials.caller();
  }

  /** The token (its secret) that {@code authorization} carries, or empty when it carries none. */
  public static Optional<String> secret(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = header.substring(0, space);
    String value = header.substring(space + 1).strip();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return Optional.of(value);
    }
    if (!scheme.equalsIgnoreCase("Basic")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.of("");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    return Optional.of(password.isEmpty() ? user : password);
  }
}
