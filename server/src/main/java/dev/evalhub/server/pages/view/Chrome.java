package dev.evalhub.server.pages.view;

/**
 * What every page's frame shows: the title, the signed-in account (null for visitors) and the
 * session's CSRF token that every form posts back. Immutable.
 */
public record Chrome(String title, String user, String csrf) {

  public boolean signedIn() {
    return user != null;
  }
}
