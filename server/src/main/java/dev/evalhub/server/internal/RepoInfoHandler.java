package dev.evalhub.server.internal;

import dev.evalhub.index.Index;
import dev.evalhub.storage.Caller;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.RepoInfo;
import dev.evalhub.storage.RepoType;
import dev.evalhub.storage.ResolvedRevision;
import dev.evalhub.storage.TreeEntry;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}[/revision/{rev}]}: the repository at a revision ({@code HEAD}, the
 * default, is {@code main}), with its files as {@code siblings}. Every field is always sent; of the {@code expand}
 * parameters only {@code evalResults} adds something: the model's results from the index, in the Hub's shape.
 * Thread-safe.
 */
public final class RepoInfoHandler implements Handler {

  private final RequestAccess access;
  private final RepoContents contents;
  private final Index index;

  public RepoInfoHandler(RequestAccess access, RepoContents contents, Index index) {
    this.access = access;
    this.contents = contents;
    this.index = index;
  }

  @Override
  public void handle(Context ctx) {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Optional<Caller> caller = access.caller(ctx);
    RepoInfo repo = access.readable(path.repo(), caller);
    String revision = path.action().equals("revision") ? path.revisionPath().revision() : "HEAD";
    ResolvedRevision resolved = contents.require(repo.id(), revision);
    List<TreeEntry> all = contents.tree(repo.id(), resolved.commitId(), "", true).orElseThrow();
    List<TreeEntry> root = all.stream().filter(entry -> !entry.path().contains("/")).toList();
    Map<String, Object> json = RepoJson.of(repo, resolved, RepoJson.tags(repo, root), Optional.of(all));
    if (repo.id().type() == RepoType.MODEL && expands(ctx, "evalResults")) {
      json.put("evalResults", index.evalResults(repo.id().fullName(), caller));
    }
    JsonResponses.write(ctx, json);
  }

  /** The Hub's clients send {@code expand[]=x}; some send {@code expand=x}. */
  private static boolean expands(Context ctx, String field) {
    return ctx.queryParams("expand[]").contains(field) || ctx.queryParams("expand").contains(field);
  }
}
