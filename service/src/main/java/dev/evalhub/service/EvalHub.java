package dev.evalhub.service;

import dev.evalhub.index.Index;
import dev.evalhub.storage.Storage;

/**
 * The hub's services over one opened data folder and its index: the one object the front ends (HTTP API, git,
 * pages, command line) hold. Each getter returns one area's use cases; every method of those checks the caller's
 * permissions through {@link Permissions}. Thread-safe.
 */
public final class EvalHub {

  private final Storage storage;
  private final Index index;
  private final Permissions permissions;
  private final PullRequestService pullRequests;
  private final HistoryService history;

  public EvalHub(Storage storage, Index index) {
    this.storage = storage;
    this.index = index;
    this.permissions = new Permissions(storage.accounts(), storage.repositories());
    this.pullRequests = new PullRequestService(permissions, storage.pullRequests());
    this.history = new HistoryService(permissions, storage.repositories(), storage.resultHistory());
  }

  /**
   * The services over {@code storage} alone, for the command line's use cases that read git only (the result
   * history); a service that needs the index fails with {@link IllegalStateException}.
   */
  public static EvalHub withoutIndex(Storage storage) {
    return new EvalHub(storage, null);
  }

  /** Discussions and pull requests. */
  public PullRequestService pullRequests() {
    return pullRequests;
  }

  /** The result history of repositories. */
  public HistoryService history() {
    return history;
  }

  /** The one permission boundary; front ends do not ask it themselves, services do. */
  Permissions permissions() {
    return permissions;
  }

  Storage storage() {
    return storage;
  }

  Index index() {
    if (index == null) {
      throw new IllegalStateException("this hub was opened without its index");
    }
    return index;
  }
}
