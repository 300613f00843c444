package dev.evalhub.verification;

import dev.evalhub.verification.internal.Base64Url;
import dev.evalhub.verification.internal.Ed25519Codec;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Ed25519 public key as a JSON Web Key (RFC 8037): {@code
 * {"kty":"OKP","crv":"Ed25519","x":..,"kid":.., "alg":"EdDSA","use":"sig"}}. Immutable.
 *
 * @param kid the key id tokens name in their header
 * @param key the public key
 */
public record PublicJwk(String kid, EdECPublicKey key) {

  public PublicJwk {
    if (kid == null || kid.isBlank()) {
      throw new IllegalArgumentException("a JWK needs a non-blank kid, got \"" + kid + "\"");
    }
    if (key == null) {
      throw new IllegalArgumentException("the JWK \"" + kid + "\" has no key");
    }
  }

  /**
   * The key whose raw 32-byte encoding is {@code rawKey}.
   *
   * @throws InvalidKeySpecException when the bytes are not an Ed25519 public key
   */
  public static PublicJwk ofRaw(String kid, byte[] rawKey) throws InvalidKeySpecException {
    return new PublicJwk(kid, Ed25519Codec.publicKey(rawKey));
  }

  /** The raw 32 bytes of the key (RFC 8032), what {@code x} holds in base64url. */
  public byte[] raw() {
    return Ed25519Codec.raw(key);
  }

  /** The JWK's members, in the order they are written. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kty", "OKP");
    json.put("crv", "Ed25519");
    json.put("x", Base64Url.encode(raw()));
    json.put("kid", kid);
    json.put("alg", "EdDSA");
    json.put("use", "sig");
    return json;
  }

  /** Equal when the kid and the raw key bytes are equal (the JDK's key objects need not be). */
  @Override
  public boolean equals(Object other) {
    return other instanceof PublicJwk jwk && kid.equals(jwk.kid) && Arrays.equals(raw(), jwk.raw());
  }

  @Override
  public int hashCode() {
    return kid.hashCode() * 31 + Arrays.hashCode(raw());
  }

  @Override
  public String toString() {
    return "PublicJwk[kid=" + kid + ", x=" + Base64Url.encode(raw()) + "]";
  }
}
