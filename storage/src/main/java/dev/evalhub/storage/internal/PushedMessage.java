package dev.evalhub.storage.internal;

import dev.evalhub.domain.RecordText;
import java.util.Optional;

/**
 * A pushed commit's message as a pull request takes it: its subject (the first paragraph, lines
 * joined by spaces, as git shows it) becomes a title or a push event's text, its body the
 * description of a pull request opened from {@code refs/for/main}. A subject longer than {@link
 * RecordText#MAX_TITLE_CHARS} is cut (ending in "..."), as the commit itself keeps the whole
 * message; a control character, or a body over {@link RecordText#MAX_TEXT_BYTES}, refuses the push.
 * CRLF counts as LF. Immutable.
 */
public record PushedMessage(String subject, String body) {

  /** Splits {@code fullMessage}; the subject is stripped, never cut here. */
  public static PushedMessage of(String fullMessage) {
    String message = RecordText.normalise(fullMessage).strip();
    int end = message.indexOf("\n\n");
    String first = end < 0 ? message : message.substring(0, end);
    String body = end < 0 ? "" : message.substring(end + 2).strip();
    return new PushedMessage(first.replace('\n', ' ').strip(), body);
  }

  /**
   * The subject as a title: cut to the limit, never split inside a character; empty when the
   * subject is.
   */
  public String title() {
    int length = subject.codePointCount(0, subject.length());
    if (length <= RecordText.MAX_TITLE_CHARS) {
      return subject;
    }
    return subject.substring(0, subject.offsetByCodePoints(0, RecordText.MAX_TITLE_CHARS - 3))
        + "...";
  }

  /**
   * Why this message cannot enter a record, or empty; {@code withBody} when the body becomes a
   * description (a pull request opened by the push).
   */
  public Optional<String> problem(boolean withBody) {
    Optional<String> subjectProblem = RecordText.titleProblem(title()).map(p -> "subject: " + p);
    if (subjectProblem.isPresent() || !withBody) {
      return subjectProblem;
    }
    return RecordText.textProblem(body, RecordText.MAX_TEXT_BYTES).map(p -> "body: " + p);
  }
}
