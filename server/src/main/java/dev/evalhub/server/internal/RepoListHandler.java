package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.ListedRepo;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/models} and {@code GET /api/datasets}: the repositories the caller may read,
 * filtered by {@code search} (a part of {@code ns/name}, any case), {@code author} (the namespace,
 * any case) and every {@code filter} tag (the card's tags included), sorted by {@code sort} ({@code
 * id}, ascending by default, or {@code lastModified}, newest first by default; {@code
 * direction=1|-1} overrides), paged by {@code limit} and {@code cursor} with a {@code Link} header.
 * Each item has the fields of repository info but {@code siblings}, {@code cardData}, {@code
 * model-index} and {@code evalResults}, which are sent when asked: {@code full=true} adds {@code
 * siblings} and {@code cardData}, {@code cardData=true} adds {@code cardData}, and {@code expand=F}
 * adds field F. Thread-safe.
 */
public final class RepoListHandler implements Handler {

  private static final int MAX_LIMIT = 1000;

  /** A listed repository and what the filters and sorting need of it. */
  private record Row(RepoRevision main, List<String> tags, RepoCard card) {
    RepoInfo repo() {
      return main.repo();
    }
  }

  private final RepoType type;
  private final RequestAccess access;
  private final EvalHub hub;
  private final RepoCards cards;
  private final LeaderboardService leaderboards;

  public RepoListHandler(RepoType type, RequestAccess access, EvalHub hub) {
    this.type = type;
    this.access = access;
    this.hub = hub;
    this.cards = new RepoCards(hub.contents());
    this.leaderboards = hub.leaderboards();
  }

  @Override
  public void handle(Context ctx) {
    Optional<Caller> caller = access.caller(ctx);
    String search = Optional.ofNullable(ctx.queryParam("search")).orElse("");
    Optional<String> author = Optional.ofNullable(ctx.queryParam("author"));
    List<String> filters = ctx.queryParams("filter");
    List<Row> rows =
        hub.repositories().list(type, search, author, caller).stream()
            .map(listed -> row(listed, caller))
            .filter(row -> row.tags().containsAll(filters))
            .sorted(order(ctx.queryParam("sort"), ctx.queryParam("direction")))
            .toList();
    RepoExpand expand = RepoExpand.of(ctx);
    JsonResponses.write(
        ctx,
        Pages.page(ctx, rows, MAX_LIMIT, MAX_LIMIT).stream()
            .map(row -> item(row, expand, caller))
            .toList());
  }

  private Map<String, Object> item(Row row, RepoExpand expand, Optional<Caller> caller) {
    RepoInfo repo = row.repo();
    Map<String, Object> json =
        RepoJson.of(
            repo,
            row.main().revision(),
            row.tags(),
            expand.listingSiblings()
                ? hub.contents().tree(row.main(), "", true, caller)
                : Optional.empty());
    RepoJson.addCard(
        json, repo, row.card(), expand.listingCardData(), expand.has(RepoExpand.MODEL_INDEX));
    if (type == RepoType.MODEL && expand.has(RepoExpand.EVAL_RESULTS)) {
      json.put(
          RepoExpand.EVAL_RESULTS,
          leaderboards.evalResults(repo.id(), caller).stream()
              .map(result -> EvalResultJson.of(result, repo.mirrorOf()))
              .toList());
    }
    return json;
  }

  private Row row(ListedRepo listed, Optional<Caller> caller) {
    List<TreeEntry> root = listed.rootEntries();
    RepoCard card = cards.card(listed.main(), root, caller);
    return new Row(
        listed.main(),
        card.tags(listed.repo().id().type(), RepoJson.tags(listed.repo(), root)),
        card);
  }

  private static Comparator<Row> order(String sort, String direction) {
    Comparator<Row> byId =
        Comparator.comparing(row -> row.repo().id().fullName().toLowerCase(Locale.ROOT));
    boolean byTime = sort != null && sort.equals("lastModified");
    Comparator<Row> order =
        byTime
            ? Comparator.comparing((Row row) -> row.main().revision().time()).thenComparing(byId)
            : byId;
    boolean descending = direction == null ? byTime : direction.equals("-1");
    return descending ? order.reversed() : order;
  }
}
