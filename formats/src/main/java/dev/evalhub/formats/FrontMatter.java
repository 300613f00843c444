package dev.evalhub.formats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML front matter of a Markdown file, found exactly as the Hugging Face Hub finds it, with
 * the line where its YAML starts (so that diagnostics point into the whole file). Immutable.
 *
 * <p>The Hub's reader is the regular expression {@code REGEX_YAML_BLOCK} of {@code
 * huggingface_hub/repocard.py}, "exact same regex as in the Hub server" ({@code
 * moon-landing/server/lib/ViewMarkdown.ts}): {@code
 * ^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))}, run by JavaScript on the
 * file decoded as UTF-8. {@link #PATTERN} is the same expression with JavaScript's meaning spelled
 * out for Java: its {@code \s} (which also matches a byte order mark and the Unicode spaces) and
 * its {@code $} without the {@code m} flag (only the very end of the text). So: leading whitespace,
 * blank lines and a BOM are skipped; the opening line is exactly {@code ---}; the closing line is
 * {@code ---} with optional trailing spaces or tabs, followed by a line break or the end of the
 * file; {@code ...} closes nothing.
 */
record FrontMatter(byte[] yaml, int firstLine) {

  /** JavaScript's {@code \s}. */
  static final String JS_SPACE =
      "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F"
          + "\\u205F\\u3000\\uFEFF]";

  /** The Hub's {@code REGEX_YAML_BLOCK}, with JavaScript's semantics. */
  static final Pattern PATTERN =
      Pattern.compile(
          "^("
              + JS_SPACE
              + "*---(?:\\r\\n|\\r|\\n))([\\S\\s]*?)((?:\\r\\n|\\r|\\n)---[ \\t]*(\\r\\n|\\n|\\z))");

  /** A file that starts like front matter: optional whitespace, then three dashes. */
  private static final Pattern LOOKS_LIKE = Pattern.compile("^" + JS_SPACE + "*---");

  /** The front matter the Hub reads in {@code markdown}, if any. */
  static Optional<FrontMatter> find(byte[] markdown) {
    return find(decode(markdown));
  }

  static Optional<FrontMatter> find(String text) {
    Matcher matcher = PATTERN.matcher(text);
    if (!matcher.find()) {
      return Optional.empty();
    }
    byte[] yaml = matcher.group(2).getBytes(StandardCharsets.UTF_8);
    return Optional.of(new FrontMatter(yaml, 1 + lineBreaks(matcher.group(1))));
  }

  /**
   * Why a file that starts with {@code ---} (after optional whitespace) has no front matter for the
   * Hub, or empty when it has front matter or does not look like it has any.
   */
  static Optional<String> whyNotRead(byte[] markdown) {
    String text = decode(markdown);
    Matcher start = LOOKS_LIKE.matcher(text);
    if (!start.find() || PATTERN.matcher(text).find()) {
      return Optional.empty();
    }
    int end = start.end();
    if (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      return Optional.of(
          "the file starts with \"---\" but the Hub reads no front matter: the opening line must be"
              + " exactly \"---\"");
    }
    return Optional.of(
        "the file starts with \"---\" but the Hub reads no front matter: no closing line \"---\""
            + " follows (\"...\" does not close it, and an empty block needs a blank line between the two \"---\")");
  }

  /**
   * Whether {@code markdown} is not valid UTF-8 (the Hub then reads it with replacement
   * characters).
   */
  static boolean isMalformedUtf8(byte[] markdown) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(markdown));
      return false;
    } catch (CharacterCodingException e) {
      return true;
    }
  }

  /**
   * The text as the Hub sees it: UTF-8, a malformed sequence becoming U+FFFD, a BOM kept (its
   * {@code \s} skips it).
   */
  private static String decode(byte[] markdown) {
    return new String(markdown, StandardCharsets.UTF_8);
  }

  /** Line breaks as YAML counts them: CR LF, CR, LF. */
  private static int lineBreaks(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
        count++;
      }
    }
    return count;
  }
}
