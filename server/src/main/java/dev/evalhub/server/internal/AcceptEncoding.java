package dev.evalhub.server.internal;

import java.util.Locale;

/** What an {@code Accept-Encoding} header allows. Stateless. */
final class AcceptEncoding {

  private AcceptEncoding() {}

  /**
   * Whether {@code header} (null: absent) accepts gzip: it names {@code gzip} (or {@code x-gzip},
   * or {@code *} without naming gzip) with a weight above 0.
   */
  static boolean acceptsGzip(String header) {
    if (header == null || header.isEmpty()) {
      return false;
    }
    Boolean star = null;
    for (String item : header.split(",")) {
      int semicolon = item.indexOf(';');
      String coding =
          (semicolon < 0 ? item : item.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
      boolean allowed = semicolon < 0 || weight(item.substring(semicolon + 1)) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        return allowed;
      }
      if (coding.equals("*")) {
        star = allowed;
      }
    }
    return Boolean.TRUE.equals(star);
  }

  private static double weight(String parameters) {
    for (String parameter : parameters.split(";")) {
      String p = parameter.strip();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Double.parseDouble(p.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
