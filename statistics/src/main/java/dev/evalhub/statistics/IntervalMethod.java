package dev.evalhub.statistics;

/** How an {@link Interval} was computed; {@link #id()} is its name on the wire. */
public enum IntervalMethod {
  /** Wilson's score interval for a binary proportion (Wilson 1927). */
  WILSON("wilson"),
  /** The normal (Wald) interval value ± z·stderr. */
  NORMAL("normal"),
  /** A normal interval on a cluster-robust standard error (Miller 2024, reference §4.2). */
  CLUSTERED("clustered");

  private final String id;

  IntervalMethod(String id) {
    this.id = id;
  }

  /** The name on the wire and on pages: {@code wilson}, {@code normal} or {@code clustered}. */
  public String id() {
    return id;
  }
}
