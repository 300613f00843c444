package dev.evalhub.domain.job;

import dev.evalhub.domain.HubException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id of an evaluation job: 16 lower-case hexadecimal digits, random (64 bits), never reused; it
 * names the job's record ref and is the {@code job} claim of the tokens its results carry.
 * Immutable.
 */
public record JobId(String value) {

  private static final Pattern FORM = Pattern.compile("[0-9a-f]{16}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public JobId {
    if (value == null || !FORM.matcher(value).matches()) {
      throw HubException.invalid(
          "a job id is 16 lower-case hexadecimal digits, got \"" + value + "\"");
    }
  }

  /** A new random id. */
  public static JobId random() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return new JobId(HexFormat.of().formatHex(bytes));
  }

  /** Whether {@code text} is a job id. */
  public static boolean isJobId(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
