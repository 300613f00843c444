package dev.evalhub.server.pages.view;

/**
 * An evaluation job's page (docs/RUNNER.md): what was asked and pinned, where it is, the recipe's
 * command, the pull request it opened and the end of its log. Strings ready to show; {@code
 * pullRequestPath} and {@code reason} are empty when there is none; {@code refreshSeconds} is how
 * often the page reloads itself (a {@code <meta http-equiv="refresh">}, no script) while the job is
 * queued or running, 0 once it ended. Immutable.
 */
public record JobView(
    Chrome chrome,
    String id,
    String state,
    int attempt,
    String requestedBy,
    String model,
    String modelPath,
    String modelRevision,
    String benchmark,
    String benchmarkPath,
    String benchmarkRevision,
    String task,
    String recipe,
    String command,
    String reason,
    String pullRequestPath,
    String pullRequest,
    String created,
    String updated,
    String log,
    boolean logCut,
    String logPath,
    int refreshSeconds) {}
