package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read up to a limit: past {@code limit} bytes, reading fails with TOO_LARGE, so
 * that a body is refused while it streams in rather than after it filled the memory. Not
 * thread-safe.
 */
final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private final String setting;
  private long count;

  /** {@code setting} names the limit in the refusal, e.g. {@code "max-commit-bytes"}. */
  LimitedInputStream(InputStream in, long limit, String setting) {
    super(in);
    this.limit = limit;
    this.setting = setting;
  }

  /**
   * The whole body of {@code request} up to {@code limit} bytes: TOO_LARGE, before reading, if it
   * declares more.
   */
  static byte[] readBody(
      jakarta.servlet.http.HttpServletRequest request, long limit, String setting)
      throws IOException {
    if (request.getContentLengthLong() > limit) {
      throw tooLarge(limit, setting);
    }
    try (InputStream in = new LimitedInputStream(request.getInputStream(), limit, setting)) {
      return in.readAllBytes();
    }
  }

  static HubException tooLarge(long limit, String setting) {
    return new HubException(
        HubException.Kind.TOO_LARGE,
        "the request body is larger than the limit of " + limit + " bytes (" + setting + ")");
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) {
    count += n;
    if (count > limit) {
      throw tooLarge(limit, setting);
    }
  }
}
