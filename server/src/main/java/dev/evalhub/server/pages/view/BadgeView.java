package dev.evalhub.server.pages.view;

/**
 * A badge as shown: its kind (a CSS class), its label, the tooltip that says what it means, for a
 * verified result that this hub's runner evaluated, the id of its job (its page: {@code /jobs/ID};
 * null for none), and a link within this hub ({@code url}: a path starting with one {@code /}, such
 * as an invalidation's entry on a benchmark's changes record; null for none). Immutable.
 */
public record BadgeView(String type, String label, String tooltip, String job, String url) {

  /** A badge without a link. */
  public BadgeView(String type, String label, String tooltip, String job) {
    this(type, label, tooltip, job, null);
  }
}
