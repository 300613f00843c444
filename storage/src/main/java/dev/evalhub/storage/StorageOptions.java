package dev.evalhub.storage;

import dev.evalhub.formats.EvalFormats;
import java.util.Objects;

/**
 * How a hub's storage is set up: the validators of pushed files and the largest pack and object a push may send
 * (0 = no limit). Immutable.
 */
public record StorageOptions(EvalFormats formats, long maxPackBytes, long maxObjectBytes) {

  /** 1 GiB packs and 100 MiB objects: results and benchmarks are small, model weights belong elsewhere. */
  public static final StorageOptions DEFAULT = new StorageOptions(EvalFormats.standard(), 1L << 30, 100L << 20);

  public StorageOptions {
    Objects.requireNonNull(formats, "formats");
    if (maxPackBytes < 0 || maxObjectBytes < 0) {
      throw new IllegalArgumentException("size limits must be 0 (none) or positive, got " + maxPackBytes + " and "
          + maxObjectBytes);
    }
  }

  public StorageOptions withLimits(long packBytes, long objectBytes) {
    return new StorageOptions(formats, packBytes, objectBytes);
  }
}
