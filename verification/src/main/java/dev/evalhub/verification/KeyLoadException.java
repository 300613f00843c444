package dev.evalhub.verification;

import java.io.IOException;

/**
 * A key file or a JWKS that cannot be used: unreadable, malformed, of the wrong key type, or with
 * unsafe permissions. The message says which, in words an operator can act on.
 */
public final class KeyLoadException extends IOException {

  public KeyLoadException(String message) {
    super(message);
  }

  public KeyLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
