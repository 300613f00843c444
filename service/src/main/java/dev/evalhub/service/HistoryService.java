package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.storage.Repositories;
import dev.evalhub.storage.ResultHistory;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail of a repository's results (every commit of main and of the pull requests that
 * added, changed or removed one, and the status changes of those pull requests), for whoever may
 * read the repository. Thread-safe.
 */
public final class HistoryService {

  private final Permissions permissions;
  private final Repositories repositories;
  private final ResultHistory history;

  HistoryService(Permissions permissions, Repositories repositories, ResultHistory history) {
    this.permissions = permissions;
    this.repositories = repositories;
    this.history = history;
  }

  /**
   * Every result of {@code repo} ever seen (only task {@code taskId}'s when given, ignoring case),
   * each with its steps; REPO_NOT_FOUND when {@code caller} may not read {@code repo}.
   */
  public List<ResultHistoryEntry> of(
      RepoId repo, Optional<Caller> caller, Optional<String> taskId) {
    return history.of(permissions.readable(repo, caller).id(), taskId);
  }

  /**
   * {@link #of} for the administrator (the command line, its only user), who reads private
   * repositories too; REPO_NOT_FOUND only when {@code repo} does not exist.
   */
  public List<ResultHistoryEntry> ofAsAdministrator(RepoId repo, Optional<String> taskId) {
    return history.of(
        repositories.find(repo).orElseThrow(() -> HubException.repoNotFound(repo)).id(), taskId);
  }
}
