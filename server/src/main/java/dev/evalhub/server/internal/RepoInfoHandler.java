package dev.evalhub.server.internal;

import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.RepoInfo;
import dev.evalhub.storage.ResolvedRevision;
import dev.evalhub.storage.TreeEntry;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}[/revision/{rev}]}: the repository at a revision ({@code HEAD}, the
 * default, is {@code main}), with its files as {@code siblings}. {@code expand} parameters are accepted and every
 * field is always sent. Thread-safe.
 */
public final class RepoInfoHandler implements Handler {

  private final RequestAccess access;
  private final RepoContents contents;

  public RepoInfoHandler(RequestAccess access, RepoContents contents) {
    this.access = access;
    this.contents = contents;
  }

  @Override
  public void handle(Context ctx) {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    RepoInfo repo = access.readable(path.repo(), access.caller(ctx));
    String revision = path.action().equals("revision") ? path.revisionPath().revision() : "HEAD";
    ResolvedRevision resolved = contents.require(repo.id(), revision);
    List<TreeEntry> all = contents.tree(repo.id(), resolved.commitId(), "", true).orElseThrow();
    List<TreeEntry> root = all.stream().filter(entry -> !entry.path().contains("/")).toList();
    ctx.json(RepoJson.of(repo, resolved, RepoJson.tags(repo, root), Optional.of(all)));
  }
}
