package dev.evalhub.importers.lmeval;

import dev.evalhub.importers.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** SHA-256 (lower-case hex) of text as UTF-8, as Python's {@code hashlib.sha256(s.encode())}. */
final class Sha256 {

  private Sha256() {}

  static String hex(String text) {
    return HexFormat.of()
        .formatHex(Hashing.newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
