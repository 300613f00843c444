package dev.evalhub.verification;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuers whose tokens the hub accepts, each with its public keys: the hub's own signing keys
 * plus the external issuers an operator configures. Immutable; {@link #with} returns a new value.
 *
 * @param issuers issuer id to its key set
 * @param revoked key id to why it is no longer trusted (e.g. "revoked at 2026-11-30T09:00:00Z by
 *     evalhub"): such keys are in no issuer's set; the note only makes the refusal of their tokens
 *     precise
 */
public record TrustedIssuers(Map<String, Jwks> issuers, Map<String, String> revoked) {

  /** A key and the issuer that owns it. */
  public record OwnedKey(String issuer, PublicJwk key) {}

  public TrustedIssuers {
    // Insertion order is kept so that, when issuers share a kid, the same one is tried first on
    // every run.
    issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
    revoked = Collections.unmodifiableMap(new LinkedHashMap<>(revoked));
  }

  public TrustedIssuers(Map<String, Jwks> issuers) {
    this(issuers, Map.of());
  }

  public static TrustedIssuers none() {
    return new TrustedIssuers(Map.of());
  }

  /**
   * These issuers, noting that the key {@code kid} is no longer trusted and why (its tokens are
   * refused).
   */
  public TrustedIssuers withRevoked(String kid, String why) {
    Map<String, String> more = new LinkedHashMap<>(revoked);
    more.put(kid, why);
    return new TrustedIssuers(issuers, more);
  }

  /** These issuers plus {@code issuer} with {@code keys} (replacing any keys it had). */
  public TrustedIssuers with(String issuer, Jwks keys) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("an issuer id must not be blank, got \"" + issuer + "\"");
    }
    Map<String, Jwks> more = new LinkedHashMap<>(issuers);
    more.put(issuer, keys);
    return new TrustedIssuers(more, revoked);
  }

  /**
   * These issuers plus the public half of {@code key} under its issuer (added to the issuer's other
   * keys).
   */
  public TrustedIssuers with(SigningKey key) {
    Jwks existing = issuers.getOrDefault(key.issuer(), new Jwks(List.of()));
    List<PublicJwk> keys = new ArrayList<>(existing.keys());
    keys.add(key.publicJwk());
    return with(key.issuer(), new Jwks(keys));
  }

  /**
   * Every trusted key with id {@code kid}, with its issuer. Two issuers may pick the same kid
   * independently, so there can be more than one; the token's {@code iss} chooses among them.
   */
  public List<OwnedKey> keysWithKid(String kid) {
    return issuers.entrySet().stream()
        .flatMap(
            issuer ->
                issuer.getValue().find(kid).map(key -> new OwnedKey(issuer.getKey(), key)).stream())
        .toList();
  }
}
