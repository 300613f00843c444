package dev.evalhub.domain.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the hub's own verification keys as the administrative repository records it: the public
 * half only (the private key stays in {@code DATA/keys/}, never in git), who made it and when, and
 * whether it was revoked. Immutable.
 *
 * @param kid the key id tokens name in their header: 1 to 64 base64url characters
 * @param issuer the issuer id the key signs for ({@code iss})
 * @param publicKey the raw 32-byte Ed25519 public key, base64url (the JWK's {@code x})
 * @param created when the key was made
 * @param createdBy the account (or {@code evalhub} for the command line) that made it
 * @param revoked when it was revoked, if it was: its tokens no longer verify
 * @param revokedBy who revoked it, if it was
 */
public record HubKeyRecord(
    String kid,
    String issuer,
    String publicKey,
    Instant created,
    String createdBy,
    Optional<Instant> revoked,
    Optional<String> revokedBy) {

  private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public HubKeyRecord {
    if (kid == null || !KID.matcher(kid).matches()) {
      throw new IllegalArgumentException(
          "a key id must be 1 to 64 base64url characters, got \"" + kid + "\"");
    }
    if (issuer == null || issuer.isBlank() || issuer.contains("\n") || issuer.contains("\r")) {
      throw new IllegalArgumentException(
          "an issuer id must be one non-blank line, got \"" + issuer + "\"");
    }
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(revoked, "revoked");
    Objects.requireNonNull(revokedBy, "revokedBy");
  }

  /** A key made now, not revoked. */
  public static HubKeyRecord active(
      String kid, String issuer, String publicKey, Instant created, String createdBy) {
    return new HubKeyRecord(
        kid, issuer, publicKey, created, createdBy, Optional.empty(), Optional.empty());
  }

  /** Whether tokens signed by this key still verify. */
  public boolean isActive() {
    return revoked.isEmpty();
  }

  /** This key revoked at {@code time} by {@code actor}. */
  public HubKeyRecord revokedAt(Instant time, String actor) {
    return new HubKeyRecord(
        kid, issuer, publicKey, created, createdBy, Optional.of(time), Optional.of(actor));
  }
}
