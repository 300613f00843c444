package dev.evalhub.domain.account;

import java.time.Instant;
import java.util.Objects;

/**
 * An external issuer whose verification tokens the hub accepts, as the administrative repository
 * records it: its id (the tokens' {@code iss}), its public keys as a JWKS document, and who trusted
 * it when. Immutable.
 *
 * @param issuer the issuer id: one non-blank line
 * @param jwks the issuer's public keys, a JWKS JSON document (checked by the caller before it is
 *     recorded)
 * @param added when the issuer was trusted (or its keys last replaced)
 * @param addedBy who did it ({@code evalhub} for the command line)
 */
public record TrustedIssuerRecord(String issuer, String jwks, Instant added, String addedBy) {

  public TrustedIssuerRecord {
    if (issuer == null || issuer.isBlank() || issuer.contains("\n") || issuer.contains("\r")) {
      throw new IllegalArgumentException(
          "an issuer id must be one non-blank line, got \"" + issuer + "\"");
    }
    Objects.requireNonNull(jwks, "jwks");
    Objects.requireNonNull(added, "added");
    Objects.requireNonNull(addedBy, "addedBy");
  }
}
