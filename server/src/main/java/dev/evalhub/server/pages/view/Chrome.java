package dev.evalhub.server.pages.view;

import java.util.function.Supplier;

/**
 * What every page's frame shows: the title, the signed-in account (null for visitors), the
 * session's CSRF token that every form posts back, and a banner above the content (null for none: a
 * mirrored repository's origin, last refresh and problem). The token is asked for only by a page
 * that shows a form ({@link #csrf}): a visitor's session is created then, not on every page view.
 * Immutable.
 */
public record Chrome(String title, String user, Supplier<String> csrfToken, String banner) {

  /** A frame without a banner, with the session's token {@code csrf}. */
  public Chrome(String title, String user, String csrf) {
    this(title, user, () -> csrf, null);
  }

  /** The session's CSRF token, for a form (a visitor's session is created when first asked). */
  public String csrf() {
    return csrfToken.get();
  }

  public boolean signedIn() {
    return user != null;
  }

  /** This frame with {@code text} as its banner. */
  public Chrome withBanner(String text) {
    return new Chrome(title, user, csrfToken, text);
  }
}
