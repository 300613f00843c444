package dev.evalhub.importers;

/**
 * Told how far the importer has read, for a progress bar on large logs. Called from the reading
 * thread; must be cheap.
 */
@FunctionalInterface
public interface ImportProgress {

  ImportProgress NONE = (file, done, total) -> {};

  /**
   * {@code done} of {@code total} bytes of {@code file} have been read ({@code total} is the file
   * size).
   */
  void read(String file, long done, long total);
}
