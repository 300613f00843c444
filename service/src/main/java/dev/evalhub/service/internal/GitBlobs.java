package dev.evalhub.service.internal;

import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.importers.DetailsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Git blob ids of bytes an import would write, to tell whether a repository already holds them
 * without reading its blob (a per-sample file is streamed, never held whole). Stateless.
 */
public final class GitBlobs {

  private GitBlobs() {}

  /** Whether {@code entry} (a file of a commit) holds exactly the bytes of {@code details}. */
  public static boolean same(TreeEntry entry, DetailsFile details) {
    if (entry.type() != TreeEntry.Type.FILE || entry.size() != details.size()) {
      return false;
    }
    MessageDigest sha1 = sha1(details.size());
    try (InputStream in = details.source().open()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha1.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return false;
    }
    return HexFormat.of().formatHex(sha1.digest()).equals(entry.objectId());
  }

  /** The git blob id (SHA-1 of {@code blob <size>\0} and the bytes) of {@code bytes}. */
  public static String id(byte[] bytes) {
    return HexFormat.of().formatHex(sha1(bytes.length).digest(bytes));
  }

  private static MessageDigest sha1(long size) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      return sha1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}
