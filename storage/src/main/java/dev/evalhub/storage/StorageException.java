package dev.evalhub.storage;

/**
 * The storage could not do its work: an I/O failure or a corrupt repository, not a caller's
 * mistake.
 */
public final class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
