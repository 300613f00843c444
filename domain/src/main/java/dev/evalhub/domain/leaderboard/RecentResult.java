package dev.evalhub.domain.leaderboard;

import java.time.Instant;

/**
 * A result recently committed to a public model's {@code main}: which model, dataset and task, its value, whether
 * it is verified, and when the commit that last changed its file was made. Immutable.
 */
public record RecentResult(String modelId, String datasetId, String taskId, double value, boolean verified,
    Instant committed) {
}
