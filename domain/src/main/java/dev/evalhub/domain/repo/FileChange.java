package dev.evalhub.domain.repo;

import dev.evalhub.domain.RepoPaths;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a server-side commit: new content for a file (bytes in memory, or a {@link
 * Streamed} source read once while the commit is written, for large files such as imported
 * per-sample logs), or the deletion of a file or of a whole folder. The path is checked by {@link
 * RepoPaths#require} (INVALID otherwise). Immutable.
 *
 * @param content the new bytes, empty for a deletion or a streamed file
 * @param streamed the source of a streamed file, or null
 */
public record FileChange(String path, Optional<byte[]> content, Streamed streamed) {

  /** Bytes that a commit reads as it writes them: their size, and a stream over them. */
  public interface Streamed {
    long size();

    /** A new stream over exactly {@link #size()} bytes. The caller closes it. */
    InputStream open() throws IOException;
  }

  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    RepoPaths.require(path);
    if (streamed != null && content.isPresent()) {
      throw new IllegalArgumentException("a file change has bytes or a stream, not both");
    }
  }

  /** A file written with {@code content}, or deleted when it is empty. */
  public FileChange(String path, Optional<byte[]> content) {
    this(path, content, null);
  }

  public static FileChange put(String path, byte[] content) {
    return new FileChange(path, Optional.of(content.clone()));
  }

  /** Writes the file at {@code path} with the bytes of {@code source}, streamed into git. */
  public static FileChange put(String path, Streamed source) {
    return new FileChange(path, Optional.empty(), Objects.requireNonNull(source, "source"));
  }

  /** Deletes the file at {@code path}, or everything below the folder at {@code path}. */
  public static FileChange delete(String path) {
    return new FileChange(path, Optional.empty());
  }

  /** Whether this change deletes (neither bytes nor a stream). */
  public boolean isDeletion() {
    return content.isEmpty() && streamed == null;
  }
}
