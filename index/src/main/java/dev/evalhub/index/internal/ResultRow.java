package dev.evalhub.index.internal;

import dev.evalhub.domain.repo.CommitInfo;

/**
 * One row of the {@code results} table: a valid result entry where it lives (repository, ref, file,
 * index), the commit that last changed its file, the entry's fields and what the hub computed about
 * it ({@code details}: what the hub read of its per-sample details, null when it states none;
 * {@code taskVersion}: its {@code methodology.task_version}, null when it states none). Immutable;
 * optional fields are null.
 */
public record ResultRow(
    String repoKey,
    String ref,
    String filePath,
    int entryIndex,
    Integer prNumber,
    CommitInfo commit,
    String datasetKey,
    String taskId,
    double value,
    Double stderr,
    String dateText,
    long effectiveTime,
    String sourceUrl,
    String sourceLabel,
    String notes,
    boolean verified,
    String verifyReason,
    String verifyIssuer,
    String methodologySha256,
    String groupKey,
    String entrySha256,
    String entryJson,
    Long numSamples,
    DetailsRead details,
    String taskVersion) {}
