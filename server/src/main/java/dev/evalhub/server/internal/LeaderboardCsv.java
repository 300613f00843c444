package dev.evalhub.server.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * A leaderboard as CSV (RFC 4180: comma-separated, CRLF line ends, a header row, UTF-8), written
 * with Apache Commons CSV. Numbers are written bare, an absent value as an empty unquoted cell, and
 * every other cell in double quotes: text, {@code true}/{@code false}, a date as ISO-8601 UTC
 * ({@code 2024-05-01T00:00:00Z}). Formula-injection safe as OWASP recommends (CSV Injection; ASVS
 * 5.0 V1.2.10): a text cell that starts with {@code = + - @}, a tab, a carriage return or a NUL
 * gets a leading single quote, so that a spreadsheet shows it as text instead of evaluating it; the
 * quote is the one change made to a value. Stateless.
 */
final class LeaderboardCsv {

  /** The media type (RFC 4180 §3, RFC 7111). */
  static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.NON_NUMERIC).get();

  private LeaderboardCsv() {}

  /** The table as CSV bytes. */
  static byte[] write(LeaderboardTable table) {
    StringBuilder out = new StringBuilder();
    try {
      FORMAT.printRecord(
          out, table.columns().stream().map(LeaderboardTable.Column::name).toArray());
      for (List<Object> row : table.rows()) {
        FORMAT.printRecord(out, row.stream().map(LeaderboardCsv::cell).toArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What Commons CSV prints for {@code value}: null (an empty, unquoted cell), a number (bare), or
   * the text of anything else, guarded (quoted).
   */
  private static Object cell(Object value) {
    if (value == null || value instanceof Number) {
      return value;
    }
    return guarded(value.toString());
  }

  /** {@code text} with a leading single quote when a spreadsheet would read it as a formula. */
  static String guarded(String text) {
    if (text.isEmpty()) {
      return text;
    }
    return switch (text.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r', '\0' -> "'" + text;
      default -> text;
    };
  }
}
