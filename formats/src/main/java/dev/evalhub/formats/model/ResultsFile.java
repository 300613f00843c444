package dev.evalhub.formats.model;

import java.util.List;

/** A {@code .eval_results/*.yaml} file: its result entries in file order. Immutable. */
public record ResultsFile(List<ResultEntry> entries) {
  public ResultsFile {
    entries = List.copyOf(entries);
  }
}
