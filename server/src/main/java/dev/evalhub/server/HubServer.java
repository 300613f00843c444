package dev.evalhub.server;

import dev.evalhub.index.HubKeys;
import dev.evalhub.index.Index;
import dev.evalhub.service.EvalHub;
import dev.evalhub.server.internal.AddressLimitedHttpConnections;
import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.internal.Authenticator;
import dev.evalhub.server.internal.ChangeWatcher;
import dev.evalhub.server.internal.DiscussionsHandler;
import dev.evalhub.server.internal.EagerBodies;
import dev.evalhub.server.internal.GitAccessFilter;
import dev.evalhub.server.internal.GitServices;
import dev.evalhub.server.internal.HealthHandler;
import dev.evalhub.server.internal.HubApiRoutes;
import dev.evalhub.server.internal.JsonErrorHandler;
import dev.evalhub.server.internal.JwksHandler;
import dev.evalhub.server.internal.LeaderboardHandler;
import dev.evalhub.server.internal.LeaderboardsHandler;
import dev.evalhub.server.internal.OpenApiHandler;
import dev.evalhub.server.internal.RequestAccess;
import dev.evalhub.server.internal.RequestBodyFilter;
import dev.evalhub.server.internal.ResultHistoryHandler;
import dev.evalhub.server.internal.ValidateHandler;
import dev.evalhub.server.pages.PageRoutes;
import dev.evalhub.domain.HubException;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
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
  /** How often the server looks for changes made by other processes (the command line). */
  private static final Duration WATCH_PERIOD = Duration.ofMillis(200);
  /** The largest JSON body of the API (the commit API and validation have their own limits). */
  private static final long MAX_JSON_BODY_BYTES = 1_000_000;
  /** How much of a body is read without a thread before a handler runs: most API bodies are smaller. */
  private static final long EAGER_BODY_BYTES = 256 << 10;

  private final Storage storage;
  private final Index index;
  private final Javalin app;
  private final List<ApiRoute> routes;
  private final ChangeWatcher watcher;

  private HubServer(Storage storage, Index index, Javalin app, List<ApiRoute> routes, ChangeWatcher watcher) {
    this.storage = storage;
    this.index = index;
    this.app = app;
    this.routes = routes;
    this.watcher = watcher;
  }

  /** Opens the data folder and starts listening; returns once the server accepts connections. */
  public static HubServer start(ServerConfig config) {
    Storage storage = Storage.open(config.dataDir(),
        StorageOptions.DEFAULT.withLimits(config.maxPackBytes(), config.maxObjectBytes())
            .withMaxRepoBytes(config.maxRepoBytes()));
    // Before serving: locks a killed process left would refuse every write of their refs, and a merge it
    // interrupted is completed here, never inside a read or ingestion (which must not write).
    storage.removeStaleLocks().forEach(lock -> LOG.warn("removed the stale lock {} left by a previous process",
        lock));
    storage.pullRequests().repairInterruptedMerges().forEach(line -> LOG.warn("{}", line));
    Authenticator authenticator = new Authenticator(storage.accounts());
    storage.events().addListener(e -> LOG.info("#{} {} {} {}..{} by {}", e.sequence(), e.repo(), e.ref(),
        e.oldId().substring(0, 8), e.newId().substring(0, 8), e.actor()));
    AtomicReference<HubKeys> keys = new AtomicReference<>();
    Index index;
    // Read before the keys and the log are: a change made by another process while the server starts is applied.
    Object keysSeen;
    Object eventsSeen = storage.events().stamp();
    try {
      HubKeys.recordOlderKeyFile(storage);
      keysSeen = storage.hubKeys().version();
      keys.set(HubKeys.load(storage, HubKeys.parseIssuers(config.trustedIssuers())));
      index = Index.open(config.database().isEmpty() ? Index.defaultUrl(storage.dataDir()) : config.database(),
          storage, keys.get().trusted());
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw new IllegalStateException("cannot open the index: " + e.getMessage(), e);
    }
    // Indexing runs in the pushing thread, after the ref moved: the push's answer comes once it is visible.
    storage.events().addListener(index.ingestion()::onEvent);
    index.ingestion().catchUp();
    index.ingestion().reconcile();
    ChangeWatcher watcher = watchOtherProcesses(storage, index, keys, config, eventsSeen, keysSeen);
    RequestAccess access = new RequestAccess(authenticator, storage.repositories(), storage.access());
    EvalHub hub = new EvalHub(storage, index);
    List<ApiRoute> routes = routes(storage, index, hub, keys, authenticator, access,
        config.maxObjectBytes() > 0 ? config.maxObjectBytes() : config.maxCommitBytes());
    Javalin app = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.http.maxRequestSize = MAX_JSON_BODY_BYTES;
      // Revisions such as refs/pr/1 arrive as refs%2Fpr%2F1 in one segment; Jetty refuses such paths by default.
      javalin.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(
          UriCompliance.DEFAULT.with("evalhub", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
      javalin.jetty.addConnector((server, http) -> connector(server, http, config));
      javalin.jetty.modifyServer(server -> {
        server.setErrorHandler(new JsonErrorHandler());
        // A request reaches a thread once its whole body is here, or the first EAGER_BODY_BYTES of it (Javalin
        // attaches its context inside this wrapper): a client that sends a little and then nothing holds no
        // thread, only a connection until the idle timeout. Each chunk counts as a whole input buffer, which it
        // pins, so that one-byte chunks cannot pin more memory than that.
        server.setHandler(new EagerContentHandler(new EagerBodies(EAGER_BODY_BYTES,
            new HttpConnectionFactory().getInputBufferSize())));
      });
      javalin.jetty.modifyServletContextHandler(context -> {
        context.setErrorHandler(new JsonErrorHandler());
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(new RequestBodyFilter(config.httpLimits().minRequestBytesPerSecond())),
            "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new GitAccessFilter(authenticator, storage.repositories(),
            storage.access())), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(gitFilter(storage)), "/*", EnumSet.of(DispatcherType.REQUEST));
      });
      javalin.routes.before(ctx -> ctx.header("X-Request-Id", UUID.randomUUID().toString()));
      for (ApiRoute route : routes) {
        javalin.routes.addEndpoint(new Endpoint(route.method(), route.path(), route.handler(), java.util.Set.of()));
      }
      HubApiRoutes.register(javalin.routes, storage, access, authenticator, hub.leaderboards(),
          config.maxCommitBytes());
      // Last: the pages' /{ns}/{name} patterns would otherwise shadow API paths such as /api/datasets.
      PageRoutes.register(javalin.routes, storage, hub);
      javalin.routes.exception(HubException.class, (e, ctx) -> ApiErrors.write(ctx, e));
      // Javalin's own refusals (no such route, body too large, ...) in the same shape as ours.
      javalin.routes.exception(HttpResponseException.class, (e, ctx) ->
          ApiErrors.write(ctx, e.getStatus(), ApiErrors.code(e.getStatus()), e.getStatus() == 413
              ? "the request body is larger than the limit of " + MAX_JSON_BODY_BYTES + " bytes" : e.getMessage()));
      javalin.routes.exception(Exception.class, (e, ctx) -> ApiErrors.writeUnexpected(ctx, e, LOG));
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      watcher.close();
      index.close();
      storage.close();
      throw e;
    }
    LOG.info("evalhub listening on http://{}:{} with data in {}", config.host(), app.port(), storage.dataDir());
    return new HubServer(storage, index, app, routes, watcher);
  }

  /**
   * What the command line changes while the server runs reaches it within {@link #WATCH_PERIOD}: events appended
   * by another process (a repository created, ...) are applied to the index, and a change of the hub's keys is
   * loaded, published and applied to the stored verification of the results it concerns.
   */
  private static ChangeWatcher watchOtherProcesses(Storage storage, Index index, AtomicReference<HubKeys> keys,
      ServerConfig config, Object eventsSeen, Object keysSeen) {
    ChangeWatcher watcher = new ChangeWatcher(WATCH_PERIOD);
    watcher.watch("the event log", storage.events()::stamp, index.ingestion()::catchUp, eventsSeen);
    watcher.watch("the hub's keys", storage.hubKeys()::version, () -> {
      try {
        HubKeys loaded = HubKeys.load(storage, HubKeys.parseIssuers(config.trustedIssuers()));
        int count = index.trust(loaded.trusted());
        keys.set(loaded);
        LOG.info("keys changed: signing with {}, {} result(s) verified again",
            loaded.signingKey().map(k -> k.kid()).orElse("no key"), count);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, keysSeen);
    return watcher;
  }

  /**
   * The one connector: where the hub listens, with the idle timeout and the per-address connection cap of
   * {@link HttpLimits} (its rate floor is {@link RequestBodyFilter}'s).
   */
  private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config) {
    HttpLimits limits = config.httpLimits();
    // Behind a reverse proxy, the URLs the API hands out take the scheme and host the client used (X-Forwarded-Proto,
    // X-Forwarded-Host, Forwarded). The connection cap never reads these headers: it counts TCP peers.
    http.addCustomizer(new ForwardedRequestCustomizer());
    ServerConnector connector = new ServerConnector(server,
        new AddressLimitedHttpConnections(http, limits.maxConnectionsPerAddress()));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    return connector;
  }

  /** Every route of the API: the one list that is registered and that the OpenAPI test compares. */
  private static List<ApiRoute> routes(Storage storage, Index index, EvalHub hub, AtomicReference<HubKeys> keys,
      Authenticator authenticator, RequestAccess access, long maxFileBytes) {
    JwksHandler jwks = new JwksHandler(() -> keys.get().publicKeys());
    DiscussionsHandler discussions = new DiscussionsHandler(storage.pullRequests(), authenticator);
    List<ApiRoute> routes = new ArrayList<>(HubApiRoutes.documented(storage, access, hub.leaderboards()));
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
        new ApiRoute(HandlerType.GET, "/api/datasets/{ns}/{name}/leaderboard", new LeaderboardHandler(hub.leaderboards(), authenticator)),
        new ApiRoute(HandlerType.GET, "/api/datasets/{ns}/{name}/leaderboards",
            new LeaderboardsHandler(hub.leaderboards(), authenticator)),
        new ApiRoute(HandlerType.POST, "/api/validate", new ValidateHandler(storage.options().formats(), maxFileBytes)),
        new ApiRoute(HandlerType.GET, "/api/keys/jwks.json", jwks),
        new ApiRoute(HandlerType.GET, "/.well-known/jwks.json", jwks),
        new ApiRoute(HandlerType.GET, "/api/openapi.json", new OpenApiHandler())));
    return List.copyOf(routes);
  }

  /** Every route registered: what the OpenAPI description must list. */
  public List<ApiRoute> routes() {
    return routes;
  }

  /** Every endpoint registered, API and pages, as Javalin matches them: what the error-shape tests walk. */
  public List<ApiRoute> allRoutes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
        .filter(e -> e.method.isHttpMethod()).map(e -> new ApiRoute(e.method, e.path, e.handler)).toList();
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
    watcher.close();
    index.close();
    storage.close();
    LOG.info("evalhub stopped");
  }
}
