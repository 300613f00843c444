package dev.evalhub.formats;

/** How serious a {@link Diagnostic} is: errors refuse a file, warnings are shown and accepted. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lower-case word used in text output and JSON: {@code error} or {@code warning}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
