package dev.evalhub.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * One answer of the leaderboard route, ready to send: its JSON bytes, their strong entity tag (a
 * hash of the bytes, so that equal answers share it across index changes) and, made on first
 * demand, the same JSON gzipped with the gzip representation's own tag ({@code "TAG-gzip"}).
 * Thread-safe: the gzip bytes may be made twice by racing requests, never differently.
 */
public final class LeaderboardBytes {

  private final byte[] json;
  private final String jsonTag;
  private final String gzipTag;
  private volatile byte[] gzip;

  LeaderboardBytes(byte[] json) {
    this.json = json;
    String tag = tag(json);
    this.jsonTag = "\"" + tag + "\"";
    this.gzipTag = "\"" + tag + "-gzip\"";
  }

  /** The JSON, UTF-8. Not to be modified. */
  public byte[] json() {
    return json;
  }

  /** The JSON gzipped (made now if it was not yet). Not to be modified. */
  public byte[] gzip() {
    byte[] made = gzip;
    if (made == null) {
      made = gzipped(json);
      gzip = made;
    }
    return made;
  }

  /** Whether the gzip bytes are made already. */
  boolean hasGzip() {
    return gzip != null;
  }

  /** The quoted strong entity tag of the JSON ({@code gzip}: of its gzip representation). */
  public String etag(boolean gzip) {
    return gzip ? gzipTag : jsonTag;
  }

  /**
   * Whether an {@code If-None-Match} header value (a list of tags, weak or strong, or {@code *})
   * names this answer in either representation: then the client's copy is current (weak comparison,
   * as RFC 9110 asks for {@code If-None-Match}).
   */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.strip();
      if (value.equals("*")) {
        return true;
      }
      if (value.startsWith("W/")) {
        value = value.substring(2);
      }
      if (value.equals(jsonTag) || value.equals(gzipTag)) {
        return true;
      }
    }
    return false;
  }

  /** Bytes of heap this answer holds, about. */
  long weight() {
    byte[] made = gzip;
    return 96L + json.length + (made == null ? 0 : made.length);
  }

  private static String tag(byte[] json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static byte[] gzipped(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 6));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
