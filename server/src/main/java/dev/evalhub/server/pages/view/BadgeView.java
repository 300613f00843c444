package dev.evalhub.server.pages.view;

/**
 * A badge as shown: its kind (a CSS class), its label, the tooltip that says what it means and, for
 * a verified result that this hub's runner evaluated, the id of its job (its page: {@code
 * /jobs/ID}; null for none) and, for a badge of the public record (flagged, invalidated), the path
 * of its record on this hub ({@code record}, e.g. a flag's {@code /NS/NAME/discussions/N}; null for
 * none). Immutable.
 */
public record BadgeView(String type, String label, String tooltip, String job, String record) {

  /** A badge with no record page. */
  public BadgeView(String type, String label, String tooltip, String job) {
    this(type, label, tooltip, job, null);
  }
}
