package dev.evalhub.importers;

import dev.evalhub.formats.Severity;
import dev.evalhub.importers.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link LogReader} reads with and reports to: the limits, the progress listener, the
 * diagnostics (positioned by file, zip entry, line and column, and JSON pointer) and the results.
 * Helpers read a JSON document whole within the limits and hash a file as it is streamed. Not
 * thread-safe: one import, one thread.
 */
public final class ImportContext {

  private final ImportLimits limits;
  private final ImportProgress progress;
  private final List<LogResult> results = new ArrayList<>();
  private final List<LogDiagnostic> diagnostics = new ArrayList<>();
  private final Set<String> filesWithErrors = new HashSet<>();

  public ImportContext(ImportLimits limits, ImportProgress progress) {
    this.limits = limits;
    this.progress = progress;
  }

  public ImportLimits limits() {
    return limits;
  }

  public ImportProgress progress() {
    return progress;
  }

  /** Adds a result read from a log. */
  public void add(LogResult result) {
    results.add(result);
  }

  public void report(LogDiagnostic diagnostic) {
    diagnostics.add(diagnostic);
    if (diagnostic.isError()) {
      filesWithErrors.add(diagnostic.file());
    }
  }

  /** An error about a whole file (or a position the format cannot give). */
  public void error(LogSource file, String message) {
    report(new LogDiagnostic(Severity.ERROR, file.name(), "", 0, 0, "", message));
  }

  /** An error at a line of a text file (JSON Lines), 1-based. */
  public void errorAtLine(LogSource file, String entry, long line, String message) {
    report(
        new LogDiagnostic(
            Severity.ERROR,
            file.name(),
            entry,
            (int) Math.min(Integer.MAX_VALUE, line),
            0,
            "",
            message));
  }

  /** An error at the value {@code pointer} names in {@code doc}, inside zip {@code entry} or "". */
  public void error(LogSource file, String entry, JsonDoc doc, String pointer, String message) {
    at(Severity.ERROR, file, entry, doc, pointer, message);
  }

  public void warning(LogSource file, String entry, JsonDoc doc, String pointer, String message) {
    at(Severity.WARNING, file, entry, doc, pointer, message);
  }

  public void warning(LogSource file, String message) {
    report(new LogDiagnostic(Severity.WARNING, file.name(), "", 0, 0, "", message));
  }

  private void at(
      Severity severity,
      LogSource file,
      String entry,
      JsonDoc doc,
      String pointer,
      String message) {
    int[] position = doc == null ? new int[] {0, 0} : doc.locate(pointer);
    report(
        new LogDiagnostic(
            severity, file.name(), entry, position[0], position[1], pointer, message));
  }

  /** Whether an error was reported for {@code file}. */
  public boolean hasErrors(LogSource file) {
    return filesWithErrors.contains(file.name());
  }

  /**
   * Reads {@code file} whole as one JSON document, or reports why not (too large, not JSON, where
   * it broke) and returns empty.
   */
  public Optional<JsonDoc> readJson(LogSource file) {
    if (file.size() > limits.maxDocumentBytes()) {
      error(
          file,
          "the file is "
              + file.size()
              + " bytes; a JSON document read whole may hold at most "
              + limits.maxDocumentBytes());
      return Optional.empty();
    }
    byte[] bytes;
    try (InputStream in = file.open()) {
      bytes = in.readNBytes((int) limits.maxDocumentBytes() + 1);
    } catch (IOException e) {
      error(file, "cannot read the file: " + e.getMessage());
      return Optional.empty();
    }
    return readJson(file, "", bytes);
  }

  /** Parses {@code bytes} (a zip entry's, or a file's) as one JSON document, or reports why not. */
  public Optional<JsonDoc> readJson(LogSource file, String entry, byte[] bytes) {
    if (bytes.length > limits.maxDocumentBytes()) {
      report(
          new LogDiagnostic(
              Severity.ERROR,
              file.name(),
              entry,
              0,
              0,
              "",
              "larger than " + limits.maxDocumentBytes() + " bytes, the limit for a document"));
      return Optional.empty();
    }
    JsonDoc.Parsed parsed = JsonDoc.parse(bytes, limits);
    parsed
        .error()
        .ifPresent(
            e ->
                report(
                    new LogDiagnostic(
                        Severity.ERROR,
                        file.name(),
                        entry,
                        e.line(),
                        e.column(),
                        "",
                        e.message())));
    return parsed.doc();
  }

  /**
   * The SHA-256 (lower-case hex) of {@code file}'s bytes, reporting progress; empty (with an error)
   * when the file cannot be read.
   */
  public Optional<String> sha256(LogSource file) {
    try {
      return Optional.of(Hashing.sha256(file, progress));
    } catch (IOException e) {
      error(file, "cannot read the file: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The results and diagnostics so far; results of files with errors are left out. */
  public ReadLogs finish() {
    return new ReadLogs(
        results.stream().filter(r -> !filesWithErrors.contains(r.file())).toList(), diagnostics);
  }
}
