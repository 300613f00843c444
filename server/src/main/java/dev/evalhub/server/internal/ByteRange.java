package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file, from a {@code Range: bytes=a-b}, {@code bytes=a-} or {@code
 * bytes=-n} header (inclusive ends). Several ranges, or other units, are ignored (the whole file is
 * sent), as RFC 9110 allows. Immutable.
 */
record ByteRange(long first, long last, long size) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /**
   * The range {@code header} asks of a file of {@code size} bytes; empty for none, ignored or any
   * range of an empty file (which has no satisfiable range: the client then gets the whole, empty
   * file). A range that starts past the end is RANGE_NOT_SATISFIABLE.
   */
  static Optional<ByteRange> parse(String header, long size) {
    Matcher m = header == null ? null : SINGLE.matcher(header.strip());
    if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()) || size == 0) {
      return Optional.empty();
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) {
      first = Math.max(0, size - Long.parseLong(m.group(2)));
      last = size - 1;
    } else {
      first = Long.parseLong(m.group(1));
      last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    }
    if (first >= size || last < first) {
      throw new HubException(
          HubException.Kind.RANGE_NOT_SATISFIABLE,
          "range " + header + " is outside the " + size + " bytes of the file");
    }
    return Optional.of(new ByteRange(first, last, size));
  }

  long length() {
    return last - first + 1;
  }

  /** {@code bytes first-last/size}. */
  String contentRange() {
    return "bytes " + first + "-" + last + "/" + size;
  }
}
