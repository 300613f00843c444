package dev.evalhub.domain.job;

import java.util.Locale;

/**
 * Where an evaluation job is: waiting for a worker, running, or ended (succeeded, failed,
 * cancelled). A job ends once per attempt; a retry puts a failed or cancelled job back in the
 * queue.
 */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether the job holds a place in its account's quota (it is waiting or running). */
  public boolean isActive() {
    return this == QUEUED || this == RUNNING;
  }

  /** The lower-case word of records and the API: {@code queued}, {@code running}, ... */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state named by {@code word} ({@link #word}).
   *
   * @throws IllegalArgumentException for any other text
   */
  public static JobState ofWord(String word) {
    for (JobState state : values()) {
      if (state.word().equals(word)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown job state \"" + word + "\"");
  }
}
