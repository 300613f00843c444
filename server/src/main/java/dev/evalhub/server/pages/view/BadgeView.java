package dev.evalhub.server.pages.view;

/**
 * A badge as shown: its kind (a CSS class), its label, the tooltip that says what it means, for a
 * verified result that this hub's runner evaluated, the id of its job (its page: {@code /jobs/ID};
 * null for none), and a link within this hub ({@code url}: a path starting with one {@code /}: an
 * invalidation's entry on a benchmark's changes record, a discrepancy's other source, a flag's
 * discussion; null for none). Immutable.
 */
public record BadgeView(String type, String label, String tooltip, String job, String url) {

  /** The text of the badge's link: what it leads to. */
  public String linkText() {
    return switch (type) {
      case "discrepancy" -> "other source";
      case "flagged" -> "flag";
      default -> "record";
    };
  }

  /** A badge without a link. */
  public BadgeView(String type, String label, String tooltip, String job) {
    this(type, label, tooltip, job, null);
  }
}
