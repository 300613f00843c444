package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.ResolvedRevision;
import dev.evalhub.domain.repo.TreeEntry;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}/tree/{rev}[/{path}]}: a folder's entries ({@code recursive=true}:
 * everything below it, folders included) as {@code [{type, oid, size, path}]}, paged by {@code limit} and
 * {@code cursor} with an absolute {@code Link}. The revision may come unencoded ({@code tree/refs/pr/1/dir}).
 * {@code expand} is accepted; evalhub sends no {@code lastCommit}. Thread-safe.
 */
public final class TreeHandler implements Handler {

  private static final int PAGE = 1000;

  private final RequestAccess access;
  private final RepoContents contents;

  public TreeHandler(RequestAccess access, RepoContents contents) {
    this.access = access;
    this.contents = contents;
  }

  @Override
  public void handle(Context ctx) {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    RepoInfo repo = access.readable(path.repo(), access.caller(ctx));
    RequestPath.RevisionPath target = path.revisionPath();
    ResolvedRevision revision = contents.require(repo.id(), target.revision());
    boolean recursive = "true".equalsIgnoreCase(ctx.queryParam("recursive"));
    List<TreeEntry> entries = contents.tree(repo.id(), revision.commitId(), target.path(), recursive)
        .orElseThrow(() -> new HubException(HubException.Kind.ENTRY_NOT_FOUND,
            "no folder \"" + target.path() + "\" at " + target.revision() + " in " + repo.id()));
    ctx.header("X-Repo-Commit", revision.commitId());
    ctx.json(Pages.page(ctx, entries, PAGE, PAGE).stream().map(RepoJson::entry).toList());
  }
}
