package dev.evalhub.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.verification.internal.Base64Url;
import dev.evalhub.verification.internal.StrictJson;
import java.io.IOException;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON Web Key Set of Ed25519 public keys: what the hub publishes at its JWKS endpoint, and what
 * an operator configures for a trusted external issuer. Only Ed25519 signing keys are accepted,
 * because only EdDSA tokens are. Immutable.
 */
public record Jwks(List<PublicJwk> keys) {

  public Jwks {
    keys = List.copyOf(keys);
    Set<String> kids = new HashSet<>();
    for (PublicJwk key : keys) {
      if (!kids.add(key.kid())) {
        throw new IllegalArgumentException(
            "two keys of one JWKS have the kid \"" + key.kid() + "\"");
      }
    }
  }

  public static Jwks of(PublicJwk... keys) {
    return new Jwks(List.of(keys));
  }

  public Optional<PublicJwk> find(String kid) {
    return keys.stream().filter(key -> key.kid().equals(kid)).findFirst();
  }

  /** The document {@code {"keys":[...]}}, pretty-printed. */
  public String toJson() {
    return StrictJson.writePretty(Map.of("keys", keys.stream().map(PublicJwk::toJson).toList()));
  }

  /**
   * Reads a JWKS document. Every key must be an Ed25519 public signing key with a kid; anything
   * else is refused, not skipped, so that an operator learns at once that a configured key will
   * never verify a token.
   *
   * @throws KeyLoadException naming the first key that cannot be used and why
   */
  public static Jwks parse(String json) throws KeyLoadException {
    ObjectNode document;
    try {
      document = StrictJson.parseObject(json);
    } catch (IOException e) {
      throw new KeyLoadException("not a JWKS: " + e.getMessage(), e);
    }
    JsonNode keys = document.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new KeyLoadException("not a JWKS: it needs a \"keys\" array");
    }
    List<PublicJwk> parsed = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      PublicJwk key = parseKey(keys.get(i), "keys[" + i + "]");
      if (!kids.add(key.kid())) {
        throw new KeyLoadException(
            "keys[" + i + "]: kid \"" + key.kid() + "\" is used by an earlier key");
      }
      parsed.add(key);
    }
    return new Jwks(parsed);
  }

  private static PublicJwk parseKey(JsonNode node, String where) throws KeyLoadException {
    if (!(node instanceof ObjectNode key)) {
      throw new KeyLoadException(where + ": a key must be a JSON object");
    }
    String kty = text(key, "kty");
    if (!"OKP".equals(kty)) {
      throw new KeyLoadException(
          where
              + ": key type \""
              + kty
              + "\" is not accepted; only OKP (Ed25519) keys are,"
              + " because tokens must be signed with EdDSA");
    }
    String crv = text(key, "crv");
    if (!"Ed25519".equals(crv)) {
      throw new KeyLoadException(
          where + ": curve \"" + crv + "\" is not accepted; only Ed25519 is");
    }
    if (key.has("d")) {
      throw new KeyLoadException(
          where
              + ": holds a private key (\"d\"); a JWKS of a trusted issuer must hold"
              + " public keys only");
    }
    String alg = text(key, "alg");
    if (alg != null && !alg.equals("EdDSA")) {
      throw new KeyLoadException(where + ": alg \"" + alg + "\" is not accepted; only EdDSA is");
    }
    String use = text(key, "use");
    if (use != null && !use.equals("sig")) {
      throw new KeyLoadException(where + ": use \"" + use + "\" is not accepted; only sig is");
    }
    String kid = text(key, "kid");
    if (kid == null || kid.isBlank()) {
      throw new KeyLoadException(where + ": needs a \"kid\", which tokens name in their header");
    }
    String x = text(key, "x");
    byte[] raw = x == null ? null : Base64Url.decode(x).orElse(null);
    if (raw == null) {
      throw new KeyLoadException(
          where + " (kid \"" + kid + "\"): \"x\" must be the public key in base64url");
    }
    try {
      return PublicJwk.ofRaw(kid, raw);
    } catch (InvalidKeySpecException e) {
      throw new KeyLoadException(where + " (kid \"" + kid + "\"): " + e.getMessage(), e);
    }
  }

  private static String text(ObjectNode key, String member) {
    JsonNode value = key.get(member);
    return value == null ? null : value.isTextual() ? value.asText() : value.toString();
  }
}
