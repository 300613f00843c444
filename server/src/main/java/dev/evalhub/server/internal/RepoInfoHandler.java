package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}[/revision/{rev}]}: the repository at a revision
 * ({@code HEAD}, the default, is {@code main}), with its files as {@code siblings}, its card
 * ({@code README.md} front matter) as {@code cardData}, a model's {@code model-index}, {@code
 * pipeline_tag} and {@code library_name}, and the card's tags among {@code tags}. Every field
 * evalhub knows is always sent, whatever {@code expand} asks (the Hub answers only what was asked;
 * answering more breaks no client); {@code expand=evalResults} adds the model's results from the
 * index, in the Hub's shape. Thread-safe.
 */
public final class RepoInfoHandler implements Handler {

  private final RequestAccess access;
  private final EvalHub hub;
  private final LeaderboardService leaderboards;
  private final RepoCards cards;

  public RepoInfoHandler(RequestAccess access, EvalHub hub) {
    this.access = access;
    this.hub = hub;
    this.leaderboards = hub.leaderboards();
    this.cards = new RepoCards(hub.contents());
  }

  @Override
  public void handle(Context ctx) {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Optional<Caller> caller = access.caller(ctx);
    RepoInfo repo = hub.repositories().info(path.repo(), caller);
    String revision = path.action().equals("revision") ? path.revisionPath().revision() : "HEAD";
    RepoRevision resolved = hub.contents().resolve(repo.id(), revision, caller);
    List<TreeEntry> all = hub.contents().tree(resolved, "", true, caller).orElseThrow();
    List<TreeEntry> root = all.stream().filter(entry -> !entry.path().contains("/")).toList();
    RepoCard card = cards.card(resolved, root, caller);
    Map<String, Object> json =
        RepoJson.of(
            repo,
            resolved.revision(),
            card.tags(repo.id().type(), RepoJson.tags(repo, root)),
            Optional.of(all));
    RepoJson.addCard(json, repo, card, true, true);
    if (repo.id().type() == RepoType.MODEL && RepoExpand.of(ctx).has(RepoExpand.EVAL_RESULTS)) {
      json.put(
          RepoExpand.EVAL_RESULTS,
          leaderboards.evalResults(repo.id(), caller).stream()
              .map(result -> EvalResultJson.of(result, repo.mirrorOf()))
              .toList());
    }
    JsonResponses.write(ctx, json);
  }
}
