package dev.evalhub.formats.model;

import java.util.Map;

/**
 * One result of a model on one benchmark task, as an entry of a {@code .eval_results} file states
 * it, with evalhub's optional extensions. Optional fields are null when absent; {@code extraKeys}
 * holds unknown keys as plain values, kept for forward compatibility. Immutable.
 *
 * @param date the text written in the file (an ISO-8601 date or date-time), or null for "the
 *     commit's time"
 */
public record ResultEntry(
    DatasetRef dataset,
    double value,
    String verifyToken,
    String date,
    Source source,
    String notes,
    Double stderr,
    Long numSamples,
    Methodology methodology,
    Details details,
    Map<String, Object> extraKeys) {

  public ResultEntry {
    extraKeys = PlainValues.copyOf(extraKeys);
  }

  /**
   * Which benchmark task a result is for: the dataset repository id, the task id and optionally the
   * revision.
   */
  public record DatasetRef(String id, String taskId, String revision) {}

  /** Where a result comes from: a link, with an optional display name, user and organisation. */
  public record Source(String url, String name, String user, String org) {}

  /**
   * The per-sample records behind a value: a link or a path in the repository, a hash and a format
   * id.
   */
  public record Details(String url, String path, String sha256, String format) {}
}
