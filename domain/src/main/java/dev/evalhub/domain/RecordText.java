package dev.evalhub.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for the free text the hub writes into its records and commits, whatever the channel
 * (git pushes to {@code refs/for/main} and {@code refs/pr/N}, the commit API, the discussions API,
 * the pages' forms):
 *
 * <ul>
 *   <li>a <b>title</b> (a discussion or pull request title, a commit summary) is one line of at
 *       most {@value #MAX_TITLE_CHARS} characters (Unicode code points) after stripping surrounding
 *       white space; it may hold a tab, no other control character and no line break (LF, CR,
 *       U+2028, U+2029);
 *   <li>a <b>text</b> (a description, a comment, a status-change or merge comment) is at most
 *       {@value #MAX_TEXT_BYTES} bytes of UTF-8 after CRLF is turned into LF; it may hold LF and
 *       tab, no other control character (a lone CR included);
 *   <li>a <b>commit message</b> the hub writes follows the text rule with {@value
 *       #MAX_MESSAGE_BYTES} bytes (a title, a text and the hub's own words).
 * </ul>
 *
 * Control characters are C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F); a lone surrogate
 * (text that is not valid Unicode) is refused as well. Refusals are {@link
 * HubException.Kind#INVALID} naming the field, the limit and where the offending character stands.
 * Stateless.
 */
public final class RecordText {

  /** The longest title, in Unicode code points. */
  public static final int MAX_TITLE_CHARS = 256;

  /** The longest text, in bytes of UTF-8 (64 KiB). */
  public static final int MAX_TEXT_BYTES = 64 * 1024;

  /**
   * The longest commit message the hub writes, in bytes of UTF-8: a text plus a title and the hub's
   * words.
   */
  public static final int MAX_MESSAGE_BYTES = MAX_TEXT_BYTES + 4 * 1024;

  private RecordText() {}

  /** {@code value} as a title: stripped, checked; {@code field} names it in the refusal. */
  public static String title(String field, String value) {
    String title = value.strip();
    titleProblem(title)
        .ifPresent(
            problem -> {
              throw HubException.invalid(field + ": " + problem);
            });
    return title;
  }

  /**
   * {@code value} as a text: CRLF turned into LF, checked; {@code field} names it in the refusal.
   */
  public static String text(String field, String value) {
    String text = normalise(value);
    textProblem(text, MAX_TEXT_BYTES)
        .ifPresent(
            problem -> {
              throw HubException.invalid(field + ": " + problem);
            });
    return text;
  }

  /**
   * Refuses a commit message the hub is about to write that breaks the rule (a guard behind the
   * channels).
   */
  public static void requireCommitMessage(String message) {
    textProblem(message, MAX_MESSAGE_BYTES)
        .ifPresent(
            problem -> {
              throw HubException.invalid("commit message: " + problem);
            });
  }

  /** What is wrong with {@code title} (already stripped) as a title, or empty. */
  public static Optional<String> titleProblem(String title) {
    int length = title.codePointCount(0, title.length());
    if (length > MAX_TITLE_CHARS) {
      return Optional.of("at most " + MAX_TITLE_CHARS + " characters, got " + length);
    }
    return badCharacter(title, false);
  }

  /**
   * What is wrong with {@code text} (already normalised) as a text of at most {@code maxBytes}, or
   * empty.
   */
  public static Optional<String> textProblem(String text, int maxBytes) {
    Optional<String> bad = badCharacter(text, true);
    if (bad.isPresent()) {
      return bad;
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    return bytes > maxBytes
        ? Optional.of("at most " + maxBytes + " bytes of UTF-8, got " + bytes)
        : Optional.empty();
  }

  /** {@code value} with every CRLF turned into LF (what browsers send from a text area). */
  public static String normalise(String value) {
    return value.replace("\r\n", "\n");
  }

  /**
   * The first character a title ({@code text} false) or a text may not hold, described, or empty.
   */
  private static Optional<String> badCharacter(String value, boolean text) {
    int position = 0;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      position++;
      boolean lineBreak = c == '\n' || c == 0x2028 || c == 0x2029;
      if (Character.isSurrogate((char) c) && Character.charCount(c) == 1) {
        return Optional.of(
            "not valid Unicode: a lone surrogate " + code(c) + " at character " + position);
      }
      if (!text && lineBreak) {
        return Optional.of("must be one line: line break " + code(c) + " at character " + position);
      }
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control && c != '\t' && !(text && c == '\n')) {
        return Optional.of(
            "control character "
                + code(c)
                + " at character "
                + position
                + " (only "
                + (text ? "newline and tab are" : "tab is")
                + " allowed)");
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  private static String code(int c) {
    return "U+" + String.format(Locale.ROOT, "%04X", c);
  }
}
