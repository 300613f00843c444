package dev.evalhub.formats.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The shapes the spec requires of particular string fields: URLs, dates, hashes, repository ids,
 * paths.
 */
final class FieldRules {

  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern OFFSET = Pattern.compile("([+-]\\d\\d):?(\\d\\d)$");
  private static final Pattern REPO_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*");

  private FieldRules() {}

  /** An absolute http or https URL with a host: the only links evalhub will ever render. */
  static boolean isHttpUrl(String text) {
    return HTTP_URL.matcher(text).matches();
  }

  static boolean isSha256(String text) {
    return SHA256.matcher(text).matches();
  }

  /** {@code namespace/name}, as the Hub spells repository ids. */
  static boolean isRepoId(String text) {
    return REPO_ID.matcher(text).matches() && !text.contains("..");
  }

  /** An ISO-8601 date ({@code 2025-01-15}) or date-time, with or without an offset. */
  static boolean isIsoDateOrDateTime(String text) {
    try {
      if (text.length() == 10) {
        LocalDate.parse(text);
      } else if (text.endsWith("Z") || OFFSET.matcher(text).find()) {
        OffsetDateTime.parse(OFFSET.matcher(text).replaceFirst("$1:$2"));
      } else {
        LocalDateTime.parse(text);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * A relative path inside a repository: no leading slash, no backslash, no {@code .} or {@code ..}
   * segment.
   */
  static boolean isRepositoryPath(String text) {
    if (text.isEmpty() || text.startsWith("/") || text.contains("\\")) {
      return false;
    }
    for (String segment : text.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
