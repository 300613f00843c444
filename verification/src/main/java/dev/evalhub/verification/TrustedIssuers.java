package dev.evalhub.verification;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuers whose tokens the hub accepts, each with its public keys: the hub's own signing keys plus the
 * external issuers an operator configures. Immutable; {@link #with} returns a new value.
 *
 * @param issuers issuer id to its key set
 */
public record TrustedIssuers(Map<String, Jwks> issuers) {

  /** A key and the issuer that owns it. */
  public record OwnedKey(String issuer, PublicJwk key) {
  }

  public TrustedIssuers {
    // Insertion order is kept so that, when issuers share a kid, the same one is tried first on every run.
    issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
  }

  public static TrustedIssuers none() {
    return new TrustedIssuers(Map.of());
  }

  /** These issuers plus {@code issuer} with {@code keys} (replacing any keys it had). */
  public TrustedIssuers with(String issuer, Jwks keys) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("an issuer id must not be blank, got \"" + issuer + "\"");
    }
    Map<String, Jwks> more = new LinkedHashMap<>(issuers);
    more.put(issuer, keys);
    return new TrustedIssuers(more);
  }

  /** These issuers plus the public half of {@code key} under its issuer (added to the issuer's other keys). */
  public TrustedIssuers with(SigningKey key) {
    Jwks existing = issuers.getOrDefault(key.issuer(), new Jwks(List.of()));
    List<PublicJwk> keys = new ArrayList<>(existing.keys());
    keys.add(key.publicJwk());
    return with(key.issuer(), new Jwks(keys));
  }

  /**
   * Every trusted key with id {@code kid}, with its issuer. Two issuers may pick the same kid independently, so
   * there can be more than one; the token's {@code iss} chooses among them.
   */
  public List<OwnedKey> keysWithKid(String kid) {
    return issuers.entrySet().stream()
        .flatMap(issuer -> issuer.getValue().find(kid).map(key -> new OwnedKey(issuer.getKey(), key)).stream())
        .toList();
  }
}
