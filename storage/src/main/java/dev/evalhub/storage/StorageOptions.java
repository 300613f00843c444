package dev.evalhub.storage;

import dev.evalhub.formats.EvalFormats;
import java.util.Objects;

/**
 * How a hub's storage is set up: the validators of pushed files, the largest pack and object a push
 * may send, and the most bytes one repository's objects may take on disk ({@code max-repo-bytes}; a
 * push or commit that would pass it is refused); 0 = no limit. Immutable.
 */
public record StorageOptions(
    EvalFormats formats, long maxPackBytes, long maxObjectBytes, long maxRepoBytes) {

  /** The default per-repository quota: 5 GiB, five times the largest pack. */
  public static final long DEFAULT_MAX_REPO_BYTES = 5L << 30;

  /**
   * 1 GiB packs, 100 MiB objects, 5 GiB repositories: results and benchmarks are small, weights
   * live elsewhere.
   */
  public static final StorageOptions DEFAULT =
      new StorageOptions(EvalFormats.standard(), 1L << 30, 100L << 20, DEFAULT_MAX_REPO_BYTES);

  public StorageOptions {
    Objects.requireNonNull(formats, "formats");
    if (maxPackBytes < 0 || maxObjectBytes < 0 || maxRepoBytes < 0) {
      throw new IllegalArgumentException(
          "size limits must be 0 (none) or positive, got "
              + maxPackBytes
              + ", "
              + maxObjectBytes
              + " and "
              + maxRepoBytes);
    }
  }

  /** Options with the default repository quota. */
  public StorageOptions(EvalFormats formats, long maxPackBytes, long maxObjectBytes) {
    this(formats, maxPackBytes, maxObjectBytes, DEFAULT_MAX_REPO_BYTES);
  }

  public StorageOptions withLimits(long packBytes, long objectBytes) {
    return new StorageOptions(formats, packBytes, objectBytes, maxRepoBytes);
  }

  public StorageOptions withMaxRepoBytes(long bytes) {
    return new StorageOptions(formats, maxPackBytes, maxObjectBytes, bytes);
  }
}
