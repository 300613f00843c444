package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.service.RepositoryService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code DELETE /api/repos/delete} with a JSON body ({@link RepoBody}): a writer of the repository
 * with a write token deletes it (it goes to the data folder's trash, see {@link
 * RepositoryService#delete}). Thread-safe.
 */
public final class DeleteRepoHandler implements Handler {

  private final RepositoryService repositories;
  private final RequestAccess access;

  public DeleteRepoHandler(RepositoryService repositories, RequestAccess access) {
    this.repositories = repositories;
    this.access = access;
  }

  @Override
  public void handle(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    repositories.delete(RepoBody.parse(ctx.bodyAsBytes(), caller.user()).id(), caller);
    ctx.json(Map.of());
  }
}
