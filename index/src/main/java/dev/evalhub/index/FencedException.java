package dev.evalhub.index;

/**
 * A write transaction of the index was refused, and rolled back, because another process took the
 * ingestion lead since this one did ({@link LeaderEpoch}): it changed nothing, and this process
 * stops writing (its {@link Cluster} steps down, a {@link Cluster.Lease} ends).
 */
public final class FencedException extends IndexException {

  /** {@code own} is the epoch this process led in, {@code current} the index's epoch now. */
  FencedException(long own, long current) {
    super(
        "another instance leads ingestion now (leader epoch "
            + current
            + ", this instance led in epoch "
            + own
            + "): the write was rolled back",
        null);
  }
}
