package dev.evalhub.index.internal;

/**
 * A leaderboard candidate: a visible result entry of the task from {@code main} ({@code prNumber}
 * null) or from an open pull request, with what ranking and display need ({@code commitAuthor}: who
 * committed its file; {@code numSamples}: the entry's {@code num_samples}; {@code samples}: its
 * per-sample details as the hub read them, null when it has none that reproduce its value; {@code
 * taskVersion}: its {@code methodology.task_version}, null when it states none; {@code commitTime}:
 * the committer time of the commit that last changed its file, in milliseconds). Immutable.
 */
public record Candidate(
    String modelId,
    String namespace,
    boolean ownerIsOrg,
    Integer prNumber,
    String filePath,
    int entryIndex,
    double value,
    Double stderr,
    boolean verified,
    String verifyReason,
    String verifyIssuer,
    String sourceUrl,
    String sourceLabel,
    String notes,
    long effectiveTime,
    String groupKey,
    String entrySha256,
    String entryJson,
    String commitAuthor,
    Long numSamples,
    SampleSummary samples,
    String detailsStatus,
    String detailsMessage,
    String taskVersion,
    long commitTime,
    String mirrorOf) {

  /** A candidate of the hub's own model (no mirror). */
  public Candidate(
      String modelId,
      String namespace,
      boolean ownerIsOrg,
      Integer prNumber,
      String filePath,
      int entryIndex,
      double value,
      Double stderr,
      boolean verified,
      String verifyReason,
      String verifyIssuer,
      String sourceUrl,
      String sourceLabel,
      String notes,
      long effectiveTime,
      String groupKey,
      String entrySha256,
      String entryJson,
      String commitAuthor,
      Long numSamples,
      SampleSummary samples,
      String detailsStatus,
      String detailsMessage,
      String taskVersion,
      long commitTime) {
    this(
        modelId,
        namespace,
        ownerIsOrg,
        prNumber,
        filePath,
        entryIndex,
        value,
        stderr,
        verified,
        verifyReason,
        verifyIssuer,
        sourceUrl,
        sourceLabel,
        notes,
        effectiveTime,
        groupKey,
        entrySha256,
        entryJson,
        commitAuthor,
        numSamples,
        samples,
        detailsStatus,
        detailsMessage,
        taskVersion,
        commitTime,
        null);
  }

  /** A candidate stating no task version, committed at the epoch. */
  public Candidate(
      String modelId,
      String namespace,
      boolean ownerIsOrg,
      Integer prNumber,
      String filePath,
      int entryIndex,
      double value,
      Double stderr,
      boolean verified,
      String verifyReason,
      String verifyIssuer,
      String sourceUrl,
      String sourceLabel,
      String notes,
      long effectiveTime,
      String groupKey,
      String entrySha256,
      String entryJson,
      String commitAuthor,
      Long numSamples,
      SampleSummary samples,
      String detailsStatus,
      String detailsMessage) {
    this(
        modelId,
        namespace,
        ownerIsOrg,
        prNumber,
        filePath,
        entryIndex,
        value,
        stderr,
        verified,
        verifyReason,
        verifyIssuer,
        sourceUrl,
        sourceLabel,
        notes,
        effectiveTime,
        groupKey,
        entrySha256,
        entryJson,
        commitAuthor,
        numSamples,
        samples,
        detailsStatus,
        detailsMessage,
        null,
        0L);
  }

  public boolean onMain() {
    return prNumber == null;
  }
}
