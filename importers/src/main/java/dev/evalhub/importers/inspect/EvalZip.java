package dev.evalhub.importers.inspect;

import dev.evalhub.formats.Severity;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * An Inspect {@code .eval} log opened as a zip archive within the {@link ImportLimits}: the number
 * of entries is read from the end-of-central-directory record before the archive is opened, and an
 * entry is read into memory only while it inflates within the bounds (its size, the bytes of all
 * entries read, and its compression ratio are counted as it inflates; the sizes the archive
 * declares are checked too, never trusted). Stored, deflated and zstd (method 93, and the older 20)
 * entries are read: commons-compress decodes zstd with zstd-jni, concatenated frames included.
 * Every problem is a diagnostic of the file (and entry), never an exception. Public for the
 * per-sample reader ({@code dev.evalhub.importers.samples}); not thread-safe.
 */
public final class EvalZip implements Closeable {

  /** An entry inflating to no more than this is not held to the compression ratio. */
  static final long RATIO_FLOOR_BYTES = 1 << 20;

  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;

  private final LogSource file;
  private final ImportContext context;
  private final SeekableByteChannel channel;
  private final ZipFile zip;
  private long inflated;

  private EvalZip(LogSource file, ImportContext context, SeekableByteChannel channel, ZipFile zip) {
    this.file = file;
    this.context = context;
    this.channel = channel;
    this.zip = zip;
  }

  /** Opens {@code file} as a zip archive, or reports why it cannot be read and returns empty. */
  public static Optional<EvalZip> open(LogSource file, ImportContext context) {
    ImportLimits limits = context.limits();
    SeekableByteChannel channel = null;
    try {
      channel = file.channel();
      long entries = declaredEntries(channel);
      if (entries < 0) {
        context.error(
            file,
            "not a readable zip archive: it has no end-of-central-directory record (the file is"
                + " truncated or corrupt)");
        close(channel);
        return Optional.empty();
      }
      if (entries > limits.maxZipEntries()) {
        context.error(
            file,
            "the archive declares "
                + entries
                + " entries; an archive may hold at most "
                + limits.maxZipEntries());
        close(channel);
        return Optional.empty();
      }
      channel.position(0);
      ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get();
      EvalZip opened = new EvalZip(file, context, channel, zip);
      if (!opened.checkDeclaredSizes()) {
        opened.close();
        return Optional.empty();
      }
      return Optional.of(opened);
    } catch (IOException | RuntimeException e) {
      context.error(file, "not a readable zip archive: " + describe(e));
      close(channel);
      return Optional.empty();
    }
  }

  private boolean checkDeclaredSizes() {
    long count = 0;
    long declared = 0;
    for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
      count++;
      if (entry.getSize() > 0) {
        declared += entry.getSize();
      }
    }
    ImportLimits limits = context.limits();
    if (count > limits.maxZipEntries()) {
      context.error(
          file,
          "the archive holds "
              + count
              + " entries; an archive may hold at most "
              + limits.maxZipEntries());
      return false;
    }
    if (declared > limits.maxZipBytes()) {
      context.error(
          file,
          "the archive's entries declare "
              + declared
              + " uncompressed bytes; an archive may hold at most "
              + limits.maxZipBytes());
      return false;
    }
    return true;
  }

  /** The names of the archive's entries, in the order of its central directory. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
      names.add(entry.getName());
    }
    return names;
  }

  /** Whether the archive has an entry named {@code name}. */
  public boolean has(String name) {
    return zip.getEntry(name) != null;
  }

  /**
   * The bytes of entry {@code name} (which exists), inflated within the limits, or empty after
   * reporting why not (too large, a compression ratio of a zip bomb, a method evalhub cannot read,
   * corrupt data or a CRC mismatch).
   */
  public Optional<byte[]> read(String name) {
    ZipArchiveEntry entry = zip.getEntry(name);
    if (entry == null) {
      error(name, "no such entry in the archive");
      return Optional.empty();
    }
    ImportLimits limits = context.limits();
    long maxBytes = limits.maxDocumentBytes();
    if (entry.getSize() > maxBytes) {
      error(
          name,
          "the entry declares "
              + entry.getSize()
              + " bytes; an entry read whole may hold at most "
              + maxBytes);
      return Optional.empty();
    }
    if (!zip.canReadEntryData(entry)) {
      error(
          name,
          "the entry uses zip compression method "
              + entry.getMethod()
              + " (or encryption), which evalhub cannot read; it reads stored, deflated and zstd"
              + " entries");
      return Optional.empty();
    }
    long compressed = Math.max(1, entry.getCompressedSize());
    CRC32 crc = new CRC32();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long count = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        count += n;
        if (count > maxBytes) {
          error(
              name,
              "the entry inflates to more than "
                  + maxBytes
                  + " bytes, the limit for an entry read whole; reading stopped");
          return Optional.empty();
        }
        if (count > RATIO_FLOOR_BYTES && count > limits.maxCompressionRatio() * compressed) {
          error(
              name,
              "the entry inflates "
                  + compressed
                  + " compressed bytes to more than "
                  + count
                  + ", a compression ratio above "
                  + ratio(limits.maxCompressionRatio())
                  + " (a zip bomb?); reading stopped");
          return Optional.empty();
        }
        if (inflated + count > limits.maxZipBytes()) {
          error(
              name,
              "the entries read inflate to more than "
                  + limits.maxZipBytes()
                  + " bytes, the limit for one archive; reading stopped");
          return Optional.empty();
        }
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      error(name, "the entry's data is corrupt or cannot be decompressed: " + describe(e));
      return Optional.empty();
    }
    inflated += count;
    if (entry.getSize() >= 0 && entry.getSize() != count) {
      error(
          name,
          "the entry declares " + entry.getSize() + " bytes but inflates to " + count + " bytes");
      return Optional.empty();
    }
    if (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue()) {
      error(
          name,
          String.format(
              "the entry's data is corrupt: its CRC-32 is %08x, the archive declares %08x",
              crc.getValue(), entry.getCrc()));
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }

  private static String ratio(double ratio) {
    return ratio == Math.rint(ratio) ? Long.toString((long) ratio) : Double.toString(ratio);
  }

  private void error(String entry, String message) {
    context.report(new LogDiagnostic(Severity.ERROR, file.name(), entry, 0, 0, "", message));
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      // nothing was written; a failed close loses nothing
    }
    close(channel);
  }

  private static void close(SeekableByteChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written; a failed close loses nothing
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * The number of entries the end-of-central-directory record (or its zip64 twin) declares, or -1
   * when there is no such record in the last 64 KiB of the file.
   */
  private static long declaredEntries(SeekableByteChannel channel) throws IOException {
    long size = channel.size();
    int tail = (int) Math.min(size, 22 + 0xFFFF);
    if (tail < 22) {
      return -1;
    }
    ByteBuffer buffer = readAt(channel, size - tail, tail);
    for (int at = tail - 22; at >= 0; at--) {
      if (buffer.getInt(at) != EOCD_SIGNATURE) {
        continue;
      }
      int commentLength = Short.toUnsignedInt(buffer.getShort(at + 20));
      if (at + 22 + commentLength != tail) {
        continue;
      }
      long entries = Short.toUnsignedInt(buffer.getShort(at + 10));
      long eocd = size - tail + at;
      if (entries == 0xFFFF && eocd >= 20) {
        ByteBuffer locator = readAt(channel, eocd - 20, 20);
        if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
          long zip64 = locator.getLong(8);
          if (zip64 >= 0 && zip64 + 56 <= size) {
            ByteBuffer record = readAt(channel, zip64, 56);
            if (record.getInt(0) == ZIP64_EOCD_SIGNATURE) {
              long count = record.getLong(32);
              return count < 0 ? Long.MAX_VALUE : count;
            }
          }
        }
      }
      return entries;
    }
    return -1;
  }

  private static ByteBuffer readAt(SeekableByteChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the file ended early");
      }
    }
    buffer.flip();
    return buffer;
  }
}
