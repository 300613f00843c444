package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.service.FeedService;
import io.javalin.http.Context;

/**
 * The Atom change feeds ({@link AtomFeed}): {@code GET /feed.atom} (the hub: public repositories
 * only), {@code GET /datasets/{ns}/{name}/feed.atom} (a benchmark: its events and the results
 * naming it) and {@code GET /{ns}/{name}/feed.atom} (a model). A repository the caller cannot read
 * is not found. Thread-safe.
 */
public final class FeedHandler {

  public static final String HUB = "/feed.atom";
  public static final String DATASET = "/datasets/{ns}/{name}/feed.atom";
  public static final String MODEL = "/{ns}/{name}/feed.atom";

  private final FeedService feeds;
  private final RequestAccess access;

  public FeedHandler(FeedService feeds, RequestAccess access) {
    this.feeds = feeds;
    this.access = access;
  }

  /** {@code GET /feed.atom}. */
  public void hub(Context ctx) {
    String base = PublicUrls.base(ctx);
    write(
        ctx,
        AtomFeed.write(
            "evalhub: changes", "hub", base + HUB, base + "/", base, feeds.hub().entries()));
  }

  /** {@code GET /datasets/{ns}/{name}/feed.atom}. */
  public void dataset(Context ctx) {
    repo(ctx, RepoType.DATASET);
  }

  /** {@code GET /{ns}/{name}/feed.atom}. */
  public void model(Context ctx) {
    repo(ctx, RepoType.MODEL);
  }

  private void repo(Context ctx, RepoType type) {
    String path = type.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    RepoId id = RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
    FeedService.Feed feed = feeds.of(id, access.caller(ctx));
    RepoId canonical = feed.repo().orElseThrow().id();
    String base = PublicUrls.base(ctx);
    String page = base + "/" + canonical.urlPath();
    write(
        ctx,
        AtomFeed.write(
            canonical.urlPath() + ": changes",
            canonical.urlPath(),
            page + "/feed.atom",
            page,
            base,
            feed.entries()));
  }

  private static void write(Context ctx, byte[] atom) {
    ctx.contentType(AtomFeed.MEDIA_TYPE).result(atom);
  }
}
