package dev.evalhub.storage;

import dev.evalhub.formats.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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

  /** The errors among {@code problems}, one {@link #describe()} line each: what a refused commit answers. */
  public static String describeErrors(List<FileProblem> problems) {
    return problems.stream().filter(FileProblem::isError).map(FileProblem::describe)
        .collect(Collectors.joining("\n"));
  }
}
