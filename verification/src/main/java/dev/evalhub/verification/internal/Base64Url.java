package dev.evalhub.verification.internal;

import java.util.Base64;
import java.util.Optional;

/**
 * base64url without padding (RFC 7515 §2), decoded strictly: any character outside the URL-safe
 * alphabet, padding included, makes the text invalid, and so does a last character whose unused low
 * bits are not zero (RFC 4648 §3.5: "AB" and "AC" would otherwise both decode to the same byte), so
 * every byte string has exactly one accepted spelling. Stateless and thread-safe.
 */
public final class Base64Url {

  private Base64Url() {}

  public static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The decoded bytes, or empty when {@code text} is not canonical unpadded base64url: a character
   * outside {@code A-Z a-z 0-9 - _}, a length of 4n+1, or non-zero unused bits in the last
   * character.
   */
  public static Optional<byte[]> decode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!alphabet) {
        return Optional.empty();
      }
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      // The JDK ignores the unused low bits of the last character; only the canonical spelling
      // re-encodes to
      // the text it came from.
      return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    } catch (IllegalArgumentException e) {
      // A length of 4n+1 characters cannot encode whole bytes.
      return Optional.empty();
    }
  }
}
