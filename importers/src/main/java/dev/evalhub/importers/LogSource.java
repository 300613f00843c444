package dev.evalhub.importers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * One log file given to the importer: its name (a {@code /}-separated relative path such as {@code
 * meta-llama__Llama-3.1-8B/results_2025-01-25T04-48-43.622918.json}, or an upload's file name) and
 * its bytes, which may be read several times (once to sniff, once to read, once to hash). A file on
 * disk is never read whole into memory by the importer unless a reader says so.
 */
public interface LogSource {

  /** The name diagnostics show and readers group by ({@code /}-separated; never empty). */
  String name();

  /** The size in bytes. */
  long size();

  /** A new stream over the whole file, from its first byte. The caller closes it. */
  InputStream open() throws IOException;

  /** A new random-access channel over the file (for zip archives). The caller closes it. */
  SeekableByteChannel channel() throws IOException;

  /**
   * The file on disk these bytes are, when there is one (a library that can only read files, such
   * as the parquet reader, then reads it in place); empty for bytes in memory.
   */
  default Optional<Path> path() {
    return Optional.empty();
  }

  /** The base name: what follows the last {@code /} of {@link #name()}. */
  default String baseName() {
    String name = name();
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The folder part of {@link #name()}: what precedes the last {@code /}, or "" when none. */
  default String folder() {
    String name = name();
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** A file on disk, shown under {@code name}. */
  static LogSource of(Path path, String name) throws IOException {
    Objects.requireNonNull(path, "path");
    long size = Files.size(path);
    return new LogSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(path);
      }

      @Override
      public Optional<Path> path() {
        return Optional.of(path);
      }

      @Override
      public SeekableByteChannel channel() throws IOException {
        return Files.newByteChannel(path, StandardOpenOption.READ);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Bytes in memory (an upload, a test), shown under {@code name}. */
  static LogSource of(String name, byte[] bytes) {
    Objects.requireNonNull(name, "name");
    byte[] copy = bytes.clone();
    return new LogSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }

      @Override
      public SeekableByteChannel channel() {
        return new dev.evalhub.importers.internal.ByteArrayChannel(copy);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
