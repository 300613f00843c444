package dev.evalhub.formats;

import java.util.Objects;

/**
 * One problem found in a file: where it is (1-based line and column, and the path inside the
 * document such as {@code [0].dataset.task_id}), how serious it is, and what is wrong. Immutable.
 *
 * <p>The path is empty for problems of the whole document (size, encoding, YAML syntax).
 */
public record Diagnostic(Severity severity, int line, int column, String path, String message) {

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
    }
  }

  public static Diagnostic error(int line, int column, String path, String message) {
    return new Diagnostic(Severity.ERROR, line, column, path, message);
  }

  public static Diagnostic warning(int line, int column, String path, String message) {
    return new Diagnostic(Severity.WARNING, line, column, path, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * This diagnostic moved down by {@code lines}, for documents embedded in a larger file (front
   * matter).
   */
  public Diagnostic shiftedBy(int lines) {
    return new Diagnostic(severity, line + lines, column, path, message);
  }

  /**
   * {@code 7:10: error: message (at [0].value)}: the form the HTTP API and {@code git push} show.
   */
  public String format() {
    StringBuilder text =
        new StringBuilder()
            .append(line)
            .append(':')
            .append(column)
            .append(": ")
            .append(severity.word())
            .append(": ")
            .append(message);
    if (!path.isEmpty()) {
      text.append(" (at ").append(path).append(')');
    }
    return text.toString();
  }

  /** {@code file:7:10: error: message (at [0].value)}. */
  public String format(String file) {
    return file + ":" + format();
  }
}
