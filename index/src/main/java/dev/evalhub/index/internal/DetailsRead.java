package dev.evalhub.index.internal;

import java.util.Objects;

/**
 * What the hub made of a result's per-sample {@code details} at indexing, stored with its row.
 * {@code status} is one of {@link #REPRODUCED} (the file is in the repository at the result's
 * commit, its SHA-256 is the one declared, and the per-item mean of one of its metrics gives the
 * value within the rounding of the value as written: {@code metric}, {@code summary} and {@code
 * scores} are set), {@link #VALUE_MISMATCH}, {@link #SHA256_MISMATCH}, {@link #MISSING}, {@link
 * #EXTERNAL}, {@link #TOO_LARGE} or {@link #UNREADABLE}, with a human {@code message}; {@code path}
 * is {@code details.path} and {@code blob} the git object id of the file read there (null when
 * none). Immutable.
 */
public record DetailsRead(
    String status,
    String message,
    String path,
    String blob,
    String metric,
    SampleSummary summary,
    byte[] scores) {

  public static final String REPRODUCED = "reproduced";
  public static final String VALUE_MISMATCH = "value-mismatch";
  public static final String SHA256_MISMATCH = "sha256-mismatch";
  public static final String MISSING = "missing";
  public static final String EXTERNAL = "external";
  public static final String TOO_LARGE = "too-large";
  public static final String UNREADABLE = "unreadable";

  /**
   * The outcomes that mark a result as not reproduced: its details are in the repository and do not
   * give its value. Details elsewhere ({@link #EXTERNAL}) or too large to read are not checked.
   */
  public static final java.util.Set<String> NOT_REPRODUCED =
      java.util.Set.of(VALUE_MISMATCH, SHA256_MISMATCH, MISSING, UNREADABLE);

  public DetailsRead {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    if (status.equals(REPRODUCED) != (summary != null && scores != null && metric != null)) {
      throw new IllegalArgumentException("only reproduced details carry their scores");
    }
  }

  /** The same outcome read from {@code path} (git object {@code blob}). */
  public DetailsRead located(String path, String blob) {
    return new DetailsRead(status, message, path, blob, metric, summary, scores);
  }

  /** Details the hub could not use, and why. */
  public static DetailsRead unused(String status, String message, String path, String blob) {
    return new DetailsRead(status, message, path, blob, null, null, null);
  }
}
