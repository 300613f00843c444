package dev.evalhub.server.pages;

import java.net.URI;
import java.util.Locale;

/**
 * Which user-supplied URLs may become links: absolute http and https URLs only, never {@code
 * javascript:}.
 */
final class Links {

  private Links() {}

  /** {@code url} when it is an absolute http(s) URL, else null (the page then shows it as text). */
  static String safeHref(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme();
      return scheme != null
              && uri.getHost() != null
              && (scheme.toLowerCase(Locale.ROOT).equals("http")
                  || scheme.toLowerCase(Locale.ROOT).equals("https"))
          ? uri.toString()
          : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
