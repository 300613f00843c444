package dev.evalhub.domain.repo;

import dev.evalhub.formats.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A diagnostic of one file of a commit: which file, and what the validator said. A problem of the
 * tree entry itself (a submodule or symbolic link where a file is expected) has no position inside
 * the file ({@code wholeEntry}). Immutable.
 */
public record FileProblem(String path, Diagnostic diagnostic, boolean wholeEntry) {

  public FileProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(diagnostic, "diagnostic");
  }

  /** A problem at a position of the file's content. */
  public FileProblem(String path, Diagnostic diagnostic) {
    this(path, diagnostic, false);
  }

  /**
   * An error of the tree entry at {@code path} as a whole, such as {@code must be a regular file}.
   */
  public static FileProblem ofEntry(String path, String message) {
    return new FileProblem(path, Diagnostic.error(1, 1, "", message), true);
  }

  public boolean isError() {
    return diagnostic.isError();
  }

  /**
   * {@code .eval_results/x.yaml:7:10: message (at [0].value)}, or {@code .eval_results/x.yaml:
   * message} for a problem of the whole entry: the line git shows after {@code error:}.
   */
  public String describe() {
    if (wholeEntry) {
      return path + ": " + diagnostic.message();
    }
    String at = diagnostic.path().isEmpty() ? "" : " (at " + diagnostic.path() + ")";
    return path
        + ":"
        + diagnostic.line()
        + ":"
        + diagnostic.column()
        + ": "
        + diagnostic.message()
        + at;
  }

  /**
   * The errors among {@code problems}, one {@link #describe()} line each: what a refused commit
   * answers.
   */
  public static String describeErrors(List<FileProblem> problems) {
    return problems.stream()
        .filter(FileProblem::isError)
        .map(FileProblem::describe)
        .collect(Collectors.joining("\n"));
  }
}
