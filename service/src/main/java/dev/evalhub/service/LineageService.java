package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageFold;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.index.Index;
import dev.evalhub.storage.Repositories;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Models' {@code base_model} lineage, as the index derives it from their READMEs, for the callers
 * who may see it: a private model the caller may not read never shows (a private parent reads
 * exactly as a parent that is not on the hub, a private child is left out with its own children),
 * and a leaderboard's derived models folded under their base. Thread-safe.
 */
public final class LineageService {

  private final Permissions permissions;
  private final Repositories repositories;
  private final Supplier<Index> index;

  LineageService(Permissions permissions, Repositories repositories, Supplier<Index> index) {
    this.permissions = permissions;
    this.repositories = repositories;
    this.index = index;
  }

  /**
   * The lineage of the model {@code model} as {@code caller} may see it (see {@link
   * Index#lineage}). Not found when the caller may not read the model; invalid when {@code model}
   * is no model id.
   */
  public Lineage lineage(RepoId model, Optional<Caller> caller) {
    if (model.type() != RepoType.MODEL) {
      throw HubException.invalid("lineage is a model's: " + model + " is no model id NS/NAME");
    }
    RepoInfo repo = permissions.readable(model, caller);
    return index
        .get()
        .lineage(
            repo.id(),
            id -> repositories.find(id).map(r -> permissions.canRead(caller, r)).orElse(false));
  }

  /**
   * The ranked rows of {@code leaderboard} with derived models folded under their base (see {@link
   * Index#fold}). The leaderboard is one the caller was given by {@link LeaderboardService}, which
   * checked that it may read the benchmark; its rows and the lineage the fold walks hold public
   * models only, so the answer is the same for every caller.
   */
  public LineageFold fold(Leaderboard leaderboard) {
    return index.get().fold(leaderboard);
  }
}
