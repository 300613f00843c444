package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.RepoId;
import java.time.Instant;

/**
 * A result recently committed to a public model's {@code main}: which model, the dataset and task
 * the result names ({@code datasetId} spelled as the public benchmark spells it, else in lower
 * case), its value, whether it is verified, and when the commit that last changed its file was
 * made. Immutable.
 */
public record RecentResult(
    RepoId model,
    String datasetId,
    String taskId,
    double value,
    boolean verified,
    Instant committed) {}
