package dev.evalhub.storage;

import dev.evalhub.formats.Diagnostic;
import java.util.Objects;

/** A diagnostic of one file of a commit: which file, and what the validator said. Immutable. */
public record FileProblem(String path, Diagnostic diagnostic) {

  public FileProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(diagnostic, "diagnostic");
  }

  public boolean isError() {
    return diagnostic.isError();
  }

  /** {@code .eval_results/x.yaml:7:10: message (at [0].value)}: the line git shows after {@code error:}. */
  public String describe() {
    String at = diagnostic.path().isEmpty() ? "" : " (at " + diagnostic.path() + ")";
    return path + ":" + diagnostic.line() + ":" + diagnostic.column() + ": " + diagnostic.message() + at;
  }
}
