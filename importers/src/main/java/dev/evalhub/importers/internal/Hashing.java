package dev.evalhub.importers.internal;

import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a log file, streamed in 1 MiB blocks. */
public final class Hashing {

  private Hashing() {}

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String sha256(LogSource file, ImportProgress progress) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[1 << 20];
    long done = 0;
    try (InputStream in = file.open()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        done += n;
        progress.read(file.name(), done, file.size());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
