package dev.evalhub.formats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The YAML front matter of a Markdown file: the lines between a first line {@code ---} and the next line
 * {@code ---}, as bytes, with the line number where they start so that diagnostics point into the whole file.
 */
record FrontMatter(byte[] yaml, int firstLine) {

  static Optional<FrontMatter> find(byte[] markdown) {
    int start = skipBom(markdown);
    int afterOpening = fenceEnd(markdown, start);
    if (afterOpening < 0) {
      return Optional.empty();
    }
    int lineStart = afterOpening;
    while (lineStart < markdown.length) {
      int closing = fenceEnd(markdown, lineStart);
      if (closing >= 0) {
        return Optional.of(new FrontMatter(Arrays.copyOfRange(markdown, afterOpening, lineStart), 2));
      }
      int newline = indexOf(markdown, (byte) '\n', lineStart);
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
    }
    return Optional.empty();
  }

  /** If a {@code ---} line starts at {@code from}, the offset after its line break; else -1. */
  private static int fenceEnd(byte[] bytes, int from) {
    byte[] fence = "---".getBytes(StandardCharsets.US_ASCII);
    if (bytes.length - from < fence.length) {
      return -1;
    }
    for (int i = 0; i < fence.length; i++) {
      if (bytes[from + i] != fence[i]) {
        return -1;
      }
    }
    int at = from + fence.length;
    while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t')) {
      at++;
    }
    if (at == bytes.length) {
      return at;
    }
    if (bytes[at] == '\r' && at + 1 < bytes.length && bytes[at + 1] == '\n') {
      return at + 2;
    }
    return bytes[at] == '\n' ? at + 1 : -1;
  }

  private static int skipBom(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
        ? 3 : 0;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
