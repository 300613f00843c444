package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}/tree/{rev}[/{path}]}: a folder's entries ({@code
 * recursive=true}: everything below it, folders included) as {@code [{type, oid, size, path}]},
 * paged by {@code limit} and {@code cursor} with an absolute {@code Link}. The revision may come
 * unencoded ({@code tree/refs/pr/1/dir}). {@code expand} is accepted; evalhub sends no {@code
 * lastCommit}. Thread-safe.
 */
public final class TreeHandler implements Handler {

  private static final int PAGE = 1000;

  private final RequestAccess access;
  private final EvalHub hub;

  public TreeHandler(RequestAccess access, EvalHub hub) {
    this.access = access;
    this.hub = hub;
  }

  @Override
  public void handle(Context ctx) {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Optional<Caller> caller = access.caller(ctx);
    RepoInfo repo = hub.repositories().info(path.repo(), caller);
    RequestPath.RevisionPath target = path.revisionPath();
    RepoRevision revision = hub.contents().resolve(repo.id(), target.revision(), caller);
    boolean recursive = "true".equalsIgnoreCase(ctx.queryParam("recursive"));
    List<TreeEntry> entries =
        hub.contents()
            .tree(revision, target.path(), recursive, caller)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.ENTRY_NOT_FOUND,
                        "no folder \""
                            + target.path()
                            + "\" at "
                            + target.revision()
                            + " in "
                            + revision.repo().id()));
    ctx.header("X-Repo-Commit", revision.commitId());
    ctx.json(Pages.page(ctx, entries, PAGE, PAGE).stream().map(RepoJson::entry).toList());
  }
}
