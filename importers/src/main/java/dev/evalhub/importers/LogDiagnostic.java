package dev.evalhub.importers;

import dev.evalhub.formats.Severity;
import java.util.Objects;

/**
 * One problem found in a log, positioned as precisely as the format allows: the file, the zip entry
 * inside it (or ""), the 1-based line and column (0 when unknown, e.g. inside a binary parquet
 * file), and the JSON pointer (RFC 6901) of the value (or "" for the whole document). Immutable.
 */
public record LogDiagnostic(
    Severity severity,
    String file,
    String entry,
    int line,
    int column,
    String pointer,
    String message) {

  public LogDiagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column are 1-based or 0 for unknown");
    }
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code results.json:12:5: error: message (at /results/mmlu/acc,none)}, with {@code
   * log.eval!header.json} for a zip entry; the position is left out when unknown.
   */
  public String format() {
    StringBuilder text = new StringBuilder(file);
    if (!entry.isEmpty()) {
      text.append('!').append(entry);
    }
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ").append(severity.word()).append(": ").append(message);
    if (!pointer.isEmpty()) {
      text.append(" (at ").append(pointer).append(')');
    }
    return text.toString();
  }
}
