package dev.evalhub.verification.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

/**
 * A JWS in compact serialization (RFC 7515 §7.1) signed with Ed25519: {@code
 * header.payload.signature}, each part base64url without padding, the signature over the ASCII
 * bytes of {@code header.payload}. Immutable.
 *
 * @param header the protected header, a JSON object
 * @param payload the claims, a JSON object
 * @param signingInput the ASCII bytes the signature covers
 * @param signature the signature bytes
 */
public record CompactJws(
    ObjectNode header, ObjectNode payload, byte[] signingInput, byte[] signature) {

  /**
   * Far above any real token (about 1 KB), low enough that junk is refused before it is decoded.
   */
  public static final int MAX_LENGTH = 8 * 1024;

  /** The compact serialization of {@code payload} under {@code header}, signed with {@code key}. */
  public static String sign(Map<String, ?> header, Map<String, ?> payload, PrivateKey key) {
    String signingInput =
        Base64Url.encode(StrictJson.write(header))
            + "."
            + Base64Url.encode(StrictJson.write(payload));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Url.encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /**
   * Splits and decodes {@code token}; the signature is not checked here.
   *
   * @throws Rejection when the token is not three base64url parts whose first two are JSON objects
   */
  public static CompactJws parse(String token) throws Rejection {
    if (token.length() > MAX_LENGTH) {
      throw new Rejection(
          "the token is "
              + token.length()
              + " characters long, more than the limit of "
              + MAX_LENGTH
              + "; it is not a verification token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Rejection(
          "the token is not a compact JWS: it has "
              + parts.length
              + " dot-separated part(s) instead of 3 (header.payload.signature)");
    }
    ObjectNode header = jsonObject(parts[0], "header");
    ObjectNode payload = jsonObject(parts[1], "payload");
    byte[] signature =
        Base64Url.decode(parts[2])
            .orElseThrow(
                () -> new Rejection("the token's signature is not canonical unpadded base64url"));
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new CompactJws(header, payload, signingInput, signature);
  }

  /** Whether the signature verifies under {@code key}; a malformed signature simply does not. */
  public boolean verifiesWith(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static ObjectNode jsonObject(String part, String name) throws Rejection {
    byte[] bytes =
        Base64Url.decode(part)
            .orElseThrow(
                () ->
                    new Rejection("the token's " + name + " is not canonical unpadded base64url"));
    try {
      return StrictJson.parseObject(bytes);
    } catch (IOException e) {
      throw new Rejection("the token's " + name + " is not a JSON object: " + e.getMessage());
    }
  }
}
