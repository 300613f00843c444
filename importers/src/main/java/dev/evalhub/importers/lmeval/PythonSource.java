package dev.evalhub.importers.lmeval;

/**
 * Python source as lm-eval serialises a callable ({@code doc_to_text}, {@code doc_to_choice}…),
 * with its layout taken out so that a reformatted function ({@code i+1} vs {@code i + 1}) reads the
 * same: every whitespace character outside string literals is removed, and inside the replacement
 * fields ({@code {...}}) of f-strings too; the text of string literals is kept verbatim. A rough
 * lexer, never failing: an unterminated literal runs to the end. Stateless.
 */
final class PythonSource {

  private PythonSource() {}

  static String withoutLayout(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '#') {
        while (i < n && source.charAt(i) != '\n') {
          appendUnlessSpace(out, source.charAt(i));
          i++;
        }
      } else if (c == '"' || c == '\'') {
        i = literal(source, i, isFString(source, i), out);
      } else {
        appendUnlessSpace(out, c);
        i++;
      }
    }
    return out.toString();
  }

  /** Copies the literal opening at {@code start}; returns the index after its closing quote. */
  private static int literal(String source, int start, boolean fString, StringBuilder out) {
    char quote = source.charAt(start);
    int n = source.length();
    boolean triple =
        start + 2 < n && source.charAt(start + 1) == quote && source.charAt(start + 2) == quote;
    int delimiter = triple ? 3 : 1;
    out.append(source, start, start + delimiter);
    int i = start + delimiter;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < n) {
        out.append(c).append(source.charAt(i + 1));
        i += 2;
      } else if (c == quote && (!triple || source.startsWith(String.valueOf(quote).repeat(3), i))) {
        out.append(source, i, i + delimiter);
        return i + delimiter;
      } else if (fString && c == '{' && i + 1 < n && source.charAt(i + 1) == '{') {
        out.append("{{");
        i += 2;
      } else if (fString && c == '{') {
        i = replacementField(source, i, quote, out);
      } else {
        out.append(c);
        i++;
      }
    }
    return i;
  }

  /** Copies an f-string's {@code {expression}} without whitespace; nested literals verbatim. */
  private static int replacementField(
      String source, int start, char outerQuote, StringBuilder out) {
    int depth = 0;
    int i = start;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == outerQuote) {
        return i;
      }
      if (c == '"' || c == '\'') {
        int close = source.indexOf(c, i + 1);
        int end = close < 0 ? n : close + 1;
        out.append(source, i, end);
        i = end;
        continue;
      }
      if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      }
      appendUnlessSpace(out, c);
      i++;
      if (depth == 0) {
        return i;
      }
    }
    return i;
  }

  private static boolean isFString(String source, int quoteAt) {
    boolean f = false;
    int i = quoteAt - 1;
    for (int letters = 0; i >= 0 && letters < 2; letters++, i--) {
      char c = source.charAt(i);
      if ("rRbBuU".indexOf(c) >= 0) {
        continue;
      }
      if (c == 'f' || c == 'F') {
        f = true;
        continue;
      }
      break;
    }
    boolean prefixOnly = i < 0 || !Character.isJavaIdentifierPart(source.charAt(i));
    return f && prefixOnly;
  }

  private static void appendUnlessSpace(StringBuilder out, char c) {
    if (!Character.isWhitespace(c)) {
      out.append(c);
    }
  }
}
