package dev.evalhub.verification.internal;

import java.util.Base64;
import java.util.Optional;

/**
 * PEM blocks (RFC 7468): DER bytes between {@code -----BEGIN type-----} and {@code -----END
 * type-----}. Stateless.
 */
public final class Pem {

  private Pem() {}

  /** The block, base64 in lines of 64 characters, ending with a newline. */
  public static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /**
   * The DER bytes of the first {@code type} block in {@code text}; empty when there is none or it
   * is not base64.
   */
  public static Optional<byte[]> decode(String text, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int start = text.indexOf(begin);
    int stop = start < 0 ? -1 : text.indexOf(end, start);
    if (stop < 0) {
      return Optional.empty();
    }
    String body = text.substring(start + begin.length(), stop).replaceAll("\\s", "");
    try {
      return Optional.of(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
