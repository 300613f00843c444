package dev.evalhub.importers;

/**
 * Bounds on what the importer reads, so that no log can exhaust memory or time: the size of one
 * file, of one JSON document read whole (headers and aggregate results; per-sample files are
 * streamed line by line and bounded only by {@code maxFileBytes}), of one JSON line, the nesting
 * depth, and for zip archives (Inspect {@code .eval}) the number of entries, the uncompressed size
 * of one entry and of all, and the compression ratio of an entry (a zip bomb inflates a few KiB to
 * gigabytes).
 *
 * @param maxFileBytes the largest log file accepted, in bytes
 * @param maxDocumentBytes the largest JSON document or zip entry read whole into memory, in bytes
 * @param maxLineBytes the longest line of a JSON Lines file, in bytes
 * @param maxDepth the deepest nesting of JSON arrays and objects
 * @param maxZipEntries the most entries one zip archive may hold
 * @param maxZipBytes the most uncompressed bytes all entries of one zip may hold together
 * @param maxCompressionRatio the largest uncompressed/compressed ratio of one zip entry
 */
public record ImportLimits(
    long maxFileBytes,
    long maxDocumentBytes,
    int maxLineBytes,
    int maxDepth,
    int maxZipEntries,
    long maxZipBytes,
    double maxCompressionRatio) {

  /** 8 GiB files, 64 MiB documents, 16 MiB lines, depth 200, 100 000 entries, 16 GiB, ratio 200. */
  public static final ImportLimits DEFAULT =
      new ImportLimits(8L << 30, 64L << 20, 16 << 20, 200, 100_000, 16L << 30, 200);

  public ImportLimits {
    if (maxFileBytes <= 0
        || maxDocumentBytes <= 0
        || maxLineBytes <= 0
        || maxDepth <= 0
        || maxZipEntries <= 0
        || maxZipBytes <= 0
        || !(maxCompressionRatio >= 1)) {
      throw new IllegalArgumentException("every import limit must be positive");
    }
  }

  public ImportLimits withMaxFileBytes(long bytes) {
    return new ImportLimits(
        bytes,
        maxDocumentBytes,
        maxLineBytes,
        maxDepth,
        maxZipEntries,
        maxZipBytes,
        maxCompressionRatio);
  }

  public ImportLimits withMaxDocumentBytes(long bytes) {
    return new ImportLimits(
        maxFileBytes,
        bytes,
        maxLineBytes,
        maxDepth,
        maxZipEntries,
        maxZipBytes,
        maxCompressionRatio);
  }
}
