package dev.evalhub.server;

import dev.evalhub.index.HubKeys;
import dev.evalhub.index.Index;
import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.internal.Authenticator;
import dev.evalhub.server.internal.DiscussionsHandler;
import dev.evalhub.server.internal.GitAccessFilter;
import dev.evalhub.server.internal.GitServices;
import dev.evalhub.server.internal.HealthHandler;
import dev.evalhub.server.internal.HubApiRoutes;
import dev.evalhub.server.internal.JwksHandler;
import dev.evalhub.server.internal.LeaderboardHandler;
import dev.evalhub.server.internal.LeaderboardsHandler;
import dev.evalhub.server.internal.OpenApiHandler;
import dev.evalhub.server.internal.RequestAccess;
import dev.evalhub.server.internal.ResultHistoryHandler;
import dev.evalhub.server.internal.ValidateHandler;
import dev.evalhub.server.pages.PageRoutes;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jgit.http.server.GitFilter;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: Javalin on Jetty, with git over smart HTTP served by JGit's {@code GitFilter} in front of the API
 * routes. {@link #close} stops it and closes its storage. Thread-safe.
 */
public final class HubServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

  private final Storage storage;
  private final Index index;
  private final Javalin app;
  private final List<ApiRoute> routes;

  private HubServer(Storage storage, Index index, Javalin app, List<ApiRoute> routes) {
    this.storage = storage;
    this.index = index;
    this.app = app;
    this.routes = routes;
  }

  /** Opens the data folder and starts listening; returns once the server accepts connections. */
  public static HubServer start(ServerConfig config) {
    Storage storage = Storage.open(config.dataDir(),
        StorageOptions.DEFAULT.withLimits(config.maxPackBytes(), config.maxObjectBytes()));
    // Before serving: locks a killed process left would refuse every write of their refs, and a merge it
    // interrupted is completed here, never inside a read or ingestion (which must not write).
    storage.removeStaleLocks().forEach(lock -> LOG.warn("removed the stale lock {} left by a previous process",
        lock));
    storage.pullRequests().repairInterruptedMerges().forEach(line -> LOG.warn("{}", line));
    Authenticator authenticator = new Authenticator(storage.accounts());
    storage.events().addListener(e -> LOG.info("#{} {} {} {}..{} by {}", e.sequence(), e.repo(), e.ref(),
        e.oldId().substring(0, 8), e.newId().substring(0, 8), e.actor()));
    HubKeys keys;
    Index index;
    try {
      keys = HubKeys.load(storage.dataDir(), HubKeys.parseIssuers(config.trustedIssuers()));
      index = Index.open(config.database().isEmpty() ? Index.defaultUrl(storage.dataDir()) : config.database(),
          storage, keys.trusted());
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw new IllegalStateException("cannot open the index: " + e.getMessage(), e);
    }
    // Indexing runs in the pushing thread, after the ref moved: the push's answer comes once it is visible.
    storage.events().addListener(index.ingestion()::onEvent);
    index.ingestion().catchUp();
    index.ingestion().reconcile();
    RequestAccess access = new RequestAccess(authenticator, storage.repositories(), storage.access());
    List<ApiRoute> routes = routes(storage, index, keys, authenticator, access);
    Javalin app = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      // Revisions such as refs/pr/1 arrive as refs%2Fpr%2F1 in one segment; Jetty refuses such paths by default.
      javalin.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(
          UriCompliance.DEFAULT.with("evalhub", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
      javalin.jetty.modifyServletContextHandler(context -> {
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(new GitAccessFilter(authenticator, storage.repositories(),
            storage.access())), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(gitFilter(storage)), "/*", EnumSet.of(DispatcherType.REQUEST));
      });
      javalin.routes.before(ctx -> ctx.header("X-Request-Id", UUID.randomUUID().toString()));
      for (ApiRoute route : routes) {
        javalin.routes.addEndpoint(new Endpoint(route.method(), route.path(), route.handler(), java.util.Set.of()));
      }
      HubApiRoutes.register(javalin.routes, storage, access, authenticator, index, config.maxCommitBytes());
      // Last: the pages' /{ns}/{name} patterns would otherwise shadow API paths such as /api/datasets.
      PageRoutes.register(javalin.routes, storage, index);
      javalin.routes.exception(HubException.class, (e, ctx) -> ApiErrors.write(ctx, e));
      javalin.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        ApiErrors.write(ctx, 500, "InternalError", "internal error; the server log has the details");
      });
    });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      index.close();
      storage.close();
      throw e;
    }
    LOG.info("evalhub listening on http://{}:{} with data in {}", config.host(), app.port(), storage.dataDir());
    return new HubServer(storage, index, app, routes);
  }

  /** Every route of the API: the one list that is registered and that the OpenAPI test compares. */
  private static List<ApiRoute> routes(Storage storage, Index index, HubKeys keys, Authenticator authenticator,
      RequestAccess access) {
    JwksHandler jwks = new JwksHandler(keys);
    DiscussionsHandler discussions = new DiscussionsHandler(storage.pullRequests(), authenticator);
    List<ApiRoute> routes = new ArrayList<>(HubApiRoutes.documented(storage, access, index));
    routes.addAll(List.of(
        new ApiRoute(HandlerType.GET, "/health",
            new HealthHandler(index, authenticator, storage.repositories(), storage.access())),
        new ApiRoute(HandlerType.GET, DiscussionsHandler.PATH, discussions::list),
        new ApiRoute(HandlerType.POST, DiscussionsHandler.PATH, discussions::create),
        new ApiRoute(HandlerType.GET, DiscussionsHandler.PATH + "/{num}", discussions::details),
        new ApiRoute(HandlerType.POST, DiscussionsHandler.PATH + "/{num}/comment", discussions::comment),
        // The Python client POSTs the status; PATCH is accepted as well.
        new ApiRoute(HandlerType.POST, DiscussionsHandler.PATH + "/{num}/status", discussions::status),
        new ApiRoute(HandlerType.PATCH, DiscussionsHandler.PATH + "/{num}/status", discussions::status),
        new ApiRoute(HandlerType.POST, DiscussionsHandler.PATH + "/{num}/merge", discussions::merge),
        new ApiRoute(HandlerType.GET, ResultHistoryHandler.PATH,
            new ResultHistoryHandler(storage.resultHistory(), authenticator)),
        new ApiRoute(HandlerType.GET, "/api/datasets/{ns}/{name}/leaderboard", new LeaderboardHandler(index, authenticator)),
        new ApiRoute(HandlerType.GET, "/api/datasets/{ns}/{name}/leaderboards",
            new LeaderboardsHandler(index, authenticator)),
        new ApiRoute(HandlerType.POST, "/api/validate", new ValidateHandler(storage.options().formats())),
        new ApiRoute(HandlerType.GET, "/api/keys/jwks.json", jwks),
        new ApiRoute(HandlerType.GET, "/.well-known/jwks.json", jwks),
        new ApiRoute(HandlerType.GET, "/api/openapi.json", new OpenApiHandler())));
    return List.copyOf(routes);
  }

  /** Every route registered: what the OpenAPI description must list. */
  public List<ApiRoute> routes() {
    return routes;
  }

  public Index index() {
    return index;
  }

  private static GitFilter gitFilter(Storage storage) {
    GitServices services = new GitServices(storage.repositories(), storage.pushRules());
    GitFilter filter = new GitFilter();
    filter.setRepositoryResolver(services);
    filter.setReceivePackFactory(services);
    // Smart HTTP only: the dumb protocol would serve files past the access rules' view of refs.
    filter.setAsIsFileService(AsIsFileService.DISABLED);
    return filter;
  }

  public int port() {
    return app.port();
  }

  public Storage storage() {
    return storage;
  }

  @Override
  public void close() {
    app.stop();
    index.close();
    storage.close();
    LOG.info("evalhub stopped");
  }
}
