package dev.evalhub.server.pages.view;

/**
 * What every page's frame shows: the title, the signed-in account (null for visitors), the
 * session's CSRF token that every form posts back, and a banner above the content (null for none: a
 * mirrored repository's origin, last refresh and problem). Immutable.
 */
public record Chrome(String title, String user, String csrf, String banner) {

  /** A frame without a banner. */
  public Chrome(String title, String user, String csrf) {
    this(title, user, csrf, null);
  }

  public boolean signedIn() {
    return user != null;
  }

  /** This frame with {@code text} as its banner. */
  public Chrome withBanner(String text) {
    return new Chrome(title, user, csrf, text);
  }
}
