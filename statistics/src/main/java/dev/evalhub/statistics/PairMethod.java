package dev.evalhub.statistics;

/** Which test compared a pair of results; {@link #id()} is its name on the wire. */
public enum PairMethod {
  /** McNemar's exact test on binary per-item scores of the common items. */
  MCNEMAR_EXACT("mcnemar-exact"),
  /** Student's paired t-test on continuous per-item scores of the common items. */
  PAIRED_T("paired-t"),
  /** A z-test on two values and their standard errors (different or unknown items). */
  UNPAIRED_Z("unpaired-z");

  private final String id;

  PairMethod(String id) {
    this.id = id;
  }

  /** The name on the wire and on pages. */
  public String id() {
    return id;
  }
}
