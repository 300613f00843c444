package dev.evalhub.verification.internal;

import java.util.Base64;
import java.util.Optional;

/**
 * base64url without padding (RFC 7515 §2), decoded strictly: any character outside the URL-safe alphabet, padding
 * included, makes the text invalid. Stateless and thread-safe.
 */
public final class Base64Url {

  private Base64Url() {
  }

  public static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The decoded bytes, or empty when {@code text} is not unpadded base64url. */
  public static Optional<byte[]> decode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!alphabet) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Base64.getUrlDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      // A length of 4n+1 characters cannot encode whole bytes.
      return Optional.empty();
    }
  }
}
