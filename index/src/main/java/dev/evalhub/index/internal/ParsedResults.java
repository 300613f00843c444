package dev.evalhub.index.internal;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultsFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a results file's bytes alone give, kept by git object id for the rest of a rebuild: the file
 * read ({@link EvalFormats#readResults}) and each valid entry's {@link ResultRows.EntryForm}. The
 * same blob met again (a pull request head sharing main's file, a fork, a mirror) is then neither
 * parsed nor hashed again; since an object id names its bytes, what is served is what reading them
 * gives. Least recently used files go first once the files kept exceed {@code maxBytes} of source
 * bytes or {@code maxFiles} files (a file larger than {@code maxBytes} is never kept). One per
 * rebuild worker: not thread-safe.
 */
public final class ParsedResults {

  /** Source bytes kept per worker by default (parsed, a file takes some ten times its size). */
  public static final long DEFAULT_MAX_BYTES = 2L << 20;

  /** Files kept per worker by default. */
  public static final int DEFAULT_MAX_FILES = 1024;

  /** One file read: the formats' answer and, when valid, each entry's form in order. */
  public record Parsed(Validated<ResultsFile> read, List<ResultRows.EntryForm> forms) {
    public Parsed {
      forms = List.copyOf(forms);
    }
  }

  private final EvalFormats formats;
  private final long maxBytes;
  private final int maxFiles;
  private final Map<String, Kept> kept = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  private record Kept(Parsed parsed, int size) {}

  public ParsedResults(EvalFormats formats, long maxBytes, int maxFiles) {
    this.formats = formats;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  /** Reads {@code content} without keeping anything: the incremental path. */
  public static Parsed read(EvalFormats formats, byte[] content) {
    Validated<ResultsFile> read = formats.readResults(content);
    List<ResultRows.EntryForm> forms =
        read.value()
            .map(f -> f.entries().stream().map(ResultRows::form).toList())
            .orElse(List.of());
    return new Parsed(read, forms);
  }

  /**
   * The file {@code content}, whose object id is {@code blob} (empty: unknown, read and not kept).
   */
  public Parsed get(Optional<String> blob, byte[] content) {
    if (blob.isEmpty()) {
      misses++;
      return read(formats, content);
    }
    Kept known = kept.get(blob.get());
    if (known != null) {
      hits++;
      return known.parsed();
    }
    misses++;
    Parsed parsed = read(formats, content);
    if (content.length <= maxBytes) {
      kept.put(blob.get(), new Kept(parsed, content.length));
      bytes += content.length;
      var eldest = kept.entrySet().iterator();
      while (bytes > maxBytes || kept.size() > maxFiles) {
        bytes -= eldest.next().getValue().size();
        eldest.remove();
      }
    }
    return parsed;
  }

  /** How many files are kept now. */
  public int files() {
    return kept.size();
  }

  /** The source bytes of the files kept now. */
  public long bytes() {
    return bytes;
  }

  /** How many reads were served from what was kept. */
  public long hits() {
    return hits;
  }

  /** How many reads parsed the file. */
  public long misses() {
    return misses;
  }

  /** Whether the file {@code blob} is kept now (without counting as a use). */
  public boolean holds(String blob) {
    return kept.containsKey(blob);
  }
}
