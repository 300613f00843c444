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
  private final LeaderboardService leaderboards;

  public EvalHub(Storage storage, Index index) {
    this.storage = storage;
    this.index = index;
    this.permissions = new Permissions(storage.accounts(), storage.repositories());
    this.leaderboards = new LeaderboardService(permissions, storage.repositories(), index);
  }

  /** Leaderboards, benchmarks and results. */
  public LeaderboardService leaderboards() {
    return leaderboards;
  }

  /** The one permission boundary; front ends do not ask it themselves, services do. */
  Permissions permissions() {
    return permissions;
  }

  Storage storage() {
    return storage;
  }

  Index index() {
    return index;
  }
}
