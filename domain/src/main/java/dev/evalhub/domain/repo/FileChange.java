package dev.evalhub.domain.repo;

import dev.evalhub.domain.RepoPaths;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a server-side commit: new content for a file, or the deletion of a file or of a
 * whole folder. The path is checked by {@link RepoPaths#require} (INVALID otherwise). Immutable.
 */
public record FileChange(String path, Optional<byte[]> content) {

  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    RepoPaths.require(path);
  }

  public static FileChange put(String path, byte[] content) {
    return new FileChange(path, Optional.of(content.clone()));
  }

  /** Deletes the file at {@code path}, or everything below the folder at {@code path}. */
  public static FileChange delete(String path) {
    return new FileChange(path, Optional.empty());
  }
}
