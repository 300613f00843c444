package dev.evalhub.domain.repo;

import dev.evalhub.formats.FileKind;
import java.util.Optional;

/**
 * A file evalhub reads that differs between the indexed commit and a ref's head: its path and kind,
 * its content at the head (empty when it was deleted), the head-side commit that last changed it,
 * and the git object id (40 hex digits) of that content when known (empty: deleted, or read without
 * its id). The id names the bytes, so that what is derived from them alone may be reused.
 * Immutable.
 */
public record ChangedFile(
    String path,
    FileKind kind,
    Optional<byte[]> content,
    Optional<CommitInfo> lastChange,
    Optional<String> blob) {

  /** A file whose content's object id is not known. */
  public ChangedFile(
      String path, FileKind kind, Optional<byte[]> content, Optional<CommitInfo> lastChange) {
    this(path, kind, content, lastChange, Optional.empty());
  }
}
