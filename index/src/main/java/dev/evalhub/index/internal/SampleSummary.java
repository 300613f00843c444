package dev.evalhub.index.internal;

/**
 * What the index keeps of a result's per-sample details besides the scores themselves: how many
 * items, whether every score is 0 or 1, the standard error of their mean √(Var(s)/n) in the value's
 * units, the clusters and the cluster-robust standard error when the details carry a cluster key
 * (null otherwise), and the SHA-256 of the details file (the key of its scores in caches).
 * Immutable.
 */
public record SampleSummary(
    int count,
    boolean binary,
    double stderr,
    Integer clusters,
    Double clusteredStderr,
    String sha256,
    String metric) {}
