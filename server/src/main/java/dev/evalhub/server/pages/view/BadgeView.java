package dev.evalhub.server.pages.view;

/**
 * A badge as shown: its kind (a CSS class), its label, the tooltip that says what it means and, for
 * a verified result that this hub's runner evaluated, the id of its job (its page: {@code
 * /jobs/ID}; null for none), and for a discrepancy the page of the other source (its file on {@code
 * main} or its pull request, a path of this hub; null for none). Immutable.
 */
public record BadgeView(String type, String label, String tooltip, String job, String other) {

  /** A badge that links no other source. */
  public BadgeView(String type, String label, String tooltip, String job) {
    this(type, label, tooltip, job, null);
  }
}
