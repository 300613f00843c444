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
  private final RepositoryService repositories;
  private final ContentService contents;
  private final CommitService commits;

  public EvalHub(Storage storage, Index index) {
    this.storage = storage;
    this.index = index;
    this.permissions = new Permissions(storage.accounts(), storage.repositories());
    this.repositories = new RepositoryService(storage, permissions);
    this.contents = new ContentService(storage.contents(), permissions);
    this.commits = new CommitService(storage, permissions);
  }

  /**
   * The services over {@code storage} alone, for command-line administration that needs no index (creating or
   * importing a repository): a service that reads the index fails with {@link IllegalStateException}.
   */
  public static EvalHub withoutIndex(Storage storage) {
    return new EvalHub(storage, null);
  }

  /** Creating, importing, deleting, finding and listing repositories. */
  public RepositoryService repositories() {
    return repositories;
  }

  /** Reading a repository at a revision: files, folders, paths, upload checks. */
  public ContentService contents() {
    return contents;
  }

  /** The commit API: commits to a branch and to pull requests. */
  public CommitService commits() {
    return commits;
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
      throw new IllegalStateException("these services were opened without the index");
    }
    return index;
  }
}
