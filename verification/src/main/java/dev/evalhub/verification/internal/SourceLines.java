package dev.evalhub.verification.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A text as lines that keep their own terminators ({@code \n}, {@code \r\n}, {@code \r}, or none on
 * the last line), edited by line so that every byte not edited stays as it was. Not thread-safe;
 * one per edit session.
 */
public final class SourceLines {

  /** A change to one line: either a replacement of a range in it, or a new line after it. */
  public sealed interface Edit permits Replace, InsertAfter {
    /** The 1-based line the edit applies to. */
    int line();
  }

  /** Replaces the characters {@code [from, to)} of {@code line} with {@code text}. */
  public record Replace(int line, int from, int to, String text) implements Edit {}

  /** Adds a line holding {@code content} after {@code line}. */
  public record InsertAfter(int line, String content) implements Edit {}

  private final List<String> contents = new ArrayList<>();
  private final List<String> terminators = new ArrayList<>();

  public SourceLines(String text) {
    int start = 0;
    while (start < text.length()) {
      int end = start;
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      // YAML breaks lines at \n, \r\n and a lone \r; counting the same way keeps the reader's line
      // numbers.
      int next = text.startsWith("\r\n", end) ? end + 2 : Math.min(end + 1, text.length());
      contents.add(text.substring(start, end));
      terminators.add(text.substring(end, next));
      start = next;
    }
  }

  /** The content of the 1-based {@code line}, without its terminator. */
  public String line(int line) {
    return contents.get(line - 1);
  }

  /**
   * The index in {@code line} of the 1-based {@code column}, which counts code points as the YAML
   * reader does.
   */
  public int index(int line, int column) {
    return line(line).offsetByCodePoints(0, column - 1);
  }

  /**
   * Applies {@code edits}, at most one per line, bottom-up so that earlier line numbers stay valid.
   */
  public void apply(List<Edit> edits) {
    List<Edit> bottomUp = new ArrayList<>(edits);
    bottomUp.sort(Comparator.comparingInt(Edit::line).reversed());
    for (Edit edit : bottomUp) {
      int at = edit.line() - 1;
      if (edit instanceof Replace replace) {
        String content = contents.get(at);
        contents.set(
            at,
            content.substring(0, replace.from())
                + replace.text()
                + content.substring(replace.to()));
      } else if (edit instanceof InsertAfter insert) {
        // A last line without a terminator keeps that property: the new line becomes the
        // unterminated one.
        String terminator =
            terminators.get(at).isEmpty() ? dominantTerminator() : terminators.get(at);
        terminators.add(at + 1, terminators.get(at));
        terminators.set(at, terminator);
        contents.add(at + 1, insert.content());
      }
    }
  }

  public String text() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < contents.size(); i++) {
      text.append(contents.get(i)).append(terminators.get(i));
    }
    return text.toString();
  }

  /** The first line's terminator: a file is rarely mixed, and a one-line file gets {@code \n}. */
  private String dominantTerminator() {
    return terminators.stream().filter(t -> !t.isEmpty()).findFirst().orElse("\n");
  }
}
