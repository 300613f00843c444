package dev.evalhub.index;

/**
 * The index's database or a repository could not be read or written: an operational failure, not
 * bad input.
 */
public class IndexException extends RuntimeException {

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
