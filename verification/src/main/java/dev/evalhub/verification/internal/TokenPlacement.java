package dev.evalhub.verification.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlPath;
import dev.evalhub.verification.internal.SourceLines.Edit;
import dev.evalhub.verification.internal.SourceLines.InsertAfter;
import dev.evalhub.verification.internal.SourceLines.Replace;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides where the {@code verifyToken} of one result entry goes in the file's text, from the
 * positions the YAML reader gives: over the value of an existing {@code verifyToken}, or on a new
 * line right after the {@code value} line, at the indentation of the {@code value} key. Stateless.
 *
 * <p>Entries in flow style ({@code - {dataset: ..., value: 1}}) are refused rather than rewritten,
 * because a rewrite would lose their comments and layout; so are existing tokens written over
 * several lines or as block scalars, and a {@code value} key that does not start its line (an
 * explicit {@code ? value} key).
 */
public final class TokenPlacement {

  /**
   * What may stand before a block mapping's key on its line: spaces, and "- " for each sequence it
   * opens.
   */
  private static final Pattern INDENTATION = Pattern.compile("(?: *- )* *");

  private TokenPlacement() {}

  /**
   * The edit that puts {@code token} into {@code entry}, or empty with the reason added to {@code
   * problems}.
   */
  public static Optional<Edit> plan(
      Mapping entry, YamlPath path, String token, SourceLines lines, List<Diagnostic> problems) {
    if (charAt(lines, entry) == '{') {
      problems.add(
          Diagnostic.error(
              entry.line(),
              entry.column(),
              path.toString(),
              "this entry is written in flow style ({...}); it cannot be signed without rewriting it, which would"
                  + " lose its layout: write it in block style (one key per line) and sign again"));
      return Optional.empty();
    }
    Optional<Entry> existing = entry.entry("verifyToken");
    if (existing.isPresent()) {
      return replace(existing.get().value(), path.key("verifyToken"), token, lines, problems);
    }
    Entry value =
        entry
            .entry("value")
            .orElseThrow(
                () -> new IllegalStateException("a valid result entry has a value, at " + path));
    Scalar key = value.key();
    String before = lines.line(key.line()).substring(0, lines.index(key.line(), key.column()));
    if (!INDENTATION.matcher(before).matches()) {
      problems.add(
          Diagnostic.error(
              key.line(),
              key.column(),
              path.key("value").toString(),
              "the value key is not at the start of its line (after indentation and \"- \"), so the indentation of a"
                  + " new verifyToken line is unclear: write the entry in plain block style and sign again"));
      return Optional.empty();
    }
    return Optional.of(
        new InsertAfter(
            value.value().line(), " ".repeat(before.length()) + "verifyToken: " + token));
  }

  private static Optional<Edit> replace(
      YamlNode node, YamlPath path, String token, SourceLines lines, List<Diagnostic> problems) {
    if (node instanceof Scalar scalar) {
      String line = lines.line(scalar.line());
      int start = lines.index(scalar.line(), scalar.column());
      int end = scalarEnd(scalar, line, start);
      if (end >= 0) {
        return Optional.of(new Replace(scalar.line(), start, end, token));
      }
    }
    problems.add(
        Diagnostic.error(
            node.line(),
            node.column(),
            path.toString(),
            "the existing verifyToken is not written on one line as a plain or quoted string, so it cannot be"
                + " replaced in place: remove it and sign again"));
    return Optional.empty();
  }

  /**
   * The index just after the scalar's source text on {@code line}, or -1 when it does not end on
   * that line.
   */
  private static int scalarEnd(Scalar scalar, String line, int start) {
    char first = start < line.length() ? line.charAt(start) : ' ';
    if (first == '"' || first == '\'') {
      for (int i = start + 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (first == '"' && c == '\\') {
          i++;
        } else if (first == '\''
            && c == '\''
            && i + 1 < line.length()
            && line.charAt(i + 1) == '\'') {
          i++;
        } else if (c == first) {
          return i + 1;
        }
      }
      return -1;
    }
    boolean plainOnThisLine =
        !scalar.quoted() && !scalar.text().isEmpty() && line.startsWith(scalar.text(), start);
    return plainOnThisLine ? start + scalar.text().length() : -1;
  }

  private static char charAt(SourceLines lines, Mapping entry) {
    String line = lines.line(entry.line());
    int index = lines.index(entry.line(), entry.column());
    return index < line.length() ? line.charAt(index) : ' ';
  }
}
