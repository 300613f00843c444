package dev.evalhub.server;

import dev.evalhub.domain.HubException;
import dev.evalhub.server.internal.AddressLimitedHttpConnections;
import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.internal.Authenticator;
import dev.evalhub.server.internal.Draining;
import dev.evalhub.server.internal.EagerBodies;
import dev.evalhub.server.internal.GitAccessFilter;
import dev.evalhub.server.internal.GitServices;
import dev.evalhub.server.internal.GracefulStop;
import dev.evalhub.server.internal.HealthHandler;
import dev.evalhub.server.internal.HubApiRoutes;
import dev.evalhub.server.internal.HubMetrics;
import dev.evalhub.server.internal.JsonErrorHandler;
import dev.evalhub.server.internal.LeaderboardHandler;
import dev.evalhub.server.internal.MetricsHandler;
import dev.evalhub.server.internal.OverloadHandler;
import dev.evalhub.server.internal.RequestAccess;
import dev.evalhub.server.internal.RequestBodyFilter;
import dev.evalhub.server.internal.RequestObserver;
import dev.evalhub.server.pages.PageRoutes;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * A running hub: HTTP around an {@link EvalHub} (which does the start sequence and owns storage,
 * index and the watching of other processes): Javalin on Jetty, with git over smart HTTP served by
 * JGit's {@code GitFilter} behind {@link GitAccessFilter}, in front of the API routes. {@link
 * #close} stops it and closes the hub. Thread-safe.
 */
public final class HubServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

  /** The largest JSON body of the API (the commit API and validation have their own limits). */
  private static final long MAX_JSON_BODY_BYTES = 1_000_000;

  /** Routes registered ahead of the others when that changes no routing ({@link RouteOrder}). */
  private static final Set<String> HOT_ROUTES = Set.of(LeaderboardHandler.PATH);

  /**
   * How much of a body is read without a thread before a handler runs: most API bodies are smaller.
   */
  private static final long EAGER_BODY_BYTES = 256 << 10;

  private final EvalHub hub;
  private final Javalin app;
  private final List<ApiRoute> routes;
  private final Draining draining;
  private final GracefulStop graceful;
  private final OperationsSettings operations;

  private HubServer(
      EvalHub hub,
      Javalin app,
      List<ApiRoute> routes,
      Draining draining,
      GracefulStop graceful,
      OperationsSettings operations) {
    this.hub = hub;
    this.app = app;
    this.routes = routes;
    this.draining = draining;
    this.graceful = graceful;
    this.operations = operations;
  }

  /**
   * Opens the hub of {@code config}'s data folder ({@link EvalHub#open}: the whole start sequence,
   * index and watching included) and starts serving it; returns once the server accepts
   * connections.
   */
  public static HubServer start(ServerConfig config) {
    // The HTTP side's classes load on a second core while the hub opens (issue 16, item 5).
    Thread warmUp = new Thread(HubServer::loadHttpClasses, "evalhub-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    EvalHub hub = EvalHub.open(hubOptions(config));
    try {
      return start(config, hub);
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
  }

  /**
   * Loads and initialises what building and starting the server needs first (Javalin, Jetty,
   * Jackson's mapper), changing nothing: run beside {@link EvalHub#open}, it takes about a third of
   * a second of class loading off the path to serving on a machine with a second core. A failure
   * here is left to the real start to meet.
   */
  private static void loadHttpClasses() {
    try {
      Json.mapper();
      Javalin.create(javalin -> javalin.startup.showJavalinBanner = false);
      new Server();
      new HttpConnectionFactory();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("loading the HTTP classes ahead failed", e);
    }
  }

  /**
   * What the hub of {@code config} is opened with: its data folder, limits, index and trusted
   * issuers.
   */
  public static HubOptions hubOptions(ServerConfig config) {
    return new HubOptions(
        config.dataDir(),
        config.maxPackBytes(),
        config.maxObjectBytes(),
        config.maxRepoBytes(),
        config.database(),
        config.trustedIssuers());
  }

  /**
   * Builds HTTP around {@code hub} (opened by the caller) and starts listening; returns once the
   * server accepts connections, and owns the hub from then on (closing the server closes it). When
   * it cannot start, the hub stays the caller's to close.
   */
  public static HubServer start(ServerConfig config, EvalHub hub) {
    return start(config, hub, OverloadLimits.DEFAULT);
  }

  /**
   * As {@link #start(ServerConfig, EvalHub)}, refusing what is past {@code overload} with 503 and
   * {@code Retry-After}.
   */
  public static HubServer start(ServerConfig config, EvalHub hub, OverloadLimits overload) {
    Authenticator authenticator = new Authenticator(hub.accounts());
    RequestAccess access = new RequestAccess(authenticator);
    Draining draining = new Draining();
    GracefulStop graceful = new GracefulStop();
    HealthHandler health =
        new HealthHandler(
            hub.operations(), authenticator, draining, config.operations().readyMaxLag());
    HubMetrics metrics = new HubMetrics(hub.operations(), hub.mirrors(), health::isReady);
    Optional<MetricsHandler> metricsRoute =
        switch (config.operations().metrics()) {
          case PUBLIC -> Optional.of(new MetricsHandler(metrics, false));
          case LOOPBACK -> Optional.of(new MetricsHandler(metrics, true));
          case OFF -> Optional.empty();
        };
    List<ApiRoute> routes = routes(hub, authenticator, access, config, health, metricsRoute);
    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              // The one JSON mapper: ctx.json writes with it, as every handler and the error
              // answers do.
              javalin.jsonMapper(new JavalinJackson(Json.mapper(), false));
              javalin.http.maxRequestSize = MAX_JSON_BODY_BYTES;
              // Revisions such as refs/pr/1 arrive as refs%2Fpr%2F1 in one segment; Jetty refuses
              // such paths by default.
              javalin.jetty.modifyHttpConfiguration(
                  http ->
                      http.setUriCompliance(
                          UriCompliance.DEFAULT.with(
                              "evalhub", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
              javalin.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector = connector(server, http, config);
                    graceful.serves(connector);
                    return connector;
                  });
              javalin.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(new JsonErrorHandler());
                    // A request reaches a thread once its whole body is here, or the first
                    // EAGER_BODY_BYTES of it (Javalin
                    // attaches its context inside this wrapper): a client that sends a little and
                    // then nothing holds no
                    // thread, only a connection until the idle timeout. Each chunk counts as a
                    // whole input buffer, which it
                    // pins, so that one-byte chunks cannot pin more memory than that.
                    // Past the overload limits a request is answered 503 with Retry-After (it
                    // waits without a thread before that), not left to the idle timeout.
                    // Outermost, the count of requests under way that a stop waits for
                    // (GracefulStop).
                    server.setHandler(
                        graceful.around(
                            new EagerContentHandler(
                                new OverloadHandler(overload, metrics::overloadRejected),
                                new EagerBodies(
                                    EAGER_BODY_BYTES,
                                    new HttpConnectionFactory().getInputBufferSize()))));
                  });
              javalin.jetty.modifyServletContextHandler(
                  context -> {
                    context.setErrorHandler(new JsonErrorHandler());
                    context.getServletHandler().setDecodeAmbiguousURIs(true);
                    // First: every request, git too, gets its id, logging context and metrics.
                    context.addFilter(
                        new FilterHolder(new RequestObserver(metrics)),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                    context.addFilter(
                        new FilterHolder(
                            new RequestBodyFilter(config.httpLimits().minRequestBytesPerSecond())),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                    // Git over HTTP: the access decision and the receiving side of a push are the
                    // git service's. JGit's filter runs behind the access filter, for git URLs
                    // only: the API's requests never reach its pattern matching.
                    context.addFilter(
                        new FilterHolder(
                            new GitAccessFilter(authenticator, hub.git(), gitFilter(hub))),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                  });
              // In the table's order (Javalin takes the first route that matches), the hot
              // leaderboard first where that changes no routing (RouteOrder). Each handler tells
              // RequestObserver the route's template (X-Request-Id is set there).
              for (ApiRoute route : RouteOrder.forRegistration(routes, HOT_ROUTES)) {
                javalin.routes.addHttpHandler(
                    route.method(),
                    route.path(),
                    RequestObserver.route(route.path(), route.handler()));
              }
              javalin.routes.exception(HubException.class, (e, ctx) -> ApiErrors.write(ctx, e));
              // Javalin's own refusals (no such route, body too large, ...) in the same shape as
              // ours.
              javalin.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      ApiErrors.write(
                          ctx,
                          e.getStatus(),
                          ApiErrors.code(e.getStatus()),
                          e.getStatus() == 413
                              ? "the request body is larger than the limit of "
                                  + MAX_JSON_BODY_BYTES
                                  + " bytes"
                              : e.getMessage()));
              javalin.routes.exception(
                  Exception.class, (e, ctx) -> ApiErrors.writeUnexpected(ctx, e, LOG));
            });
    app.start();
    LOG.info(
        "evalhub listening on http://{}:{} with data in {}",
        config.host(),
        app.port(),
        hub.dataDir());
    return new HubServer(hub, app, routes, draining, graceful, config.operations());
  }

  /**
   * The one connector: where the hub listens, with the idle timeout and the per-address connection
   * cap of {@link HttpLimits} (its rate floor is {@link RequestBodyFilter}'s).
   */
  private static ServerConnector connector(
      Server server, HttpConfiguration http, ServerConfig config) {
    HttpLimits limits = config.httpLimits();
    // Behind a reverse proxy, the URLs the API hands out take the scheme and host the client used
    // (X-Forwarded-Proto,
    // X-Forwarded-Host, Forwarded). The connection cap never reads these headers: it counts TCP
    // peers.
    http.addCustomizer(new ForwardedRequestCustomizer());
    ServerConnector connector =
        new ServerConnector(
            server, new AddressLimitedHttpConnections(http, limits.maxConnectionsPerAddress()));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    return connector;
  }

  /**
   * The route table: the API's routes ({@link HubApiRoutes}), then the pages' ({@link PageRoutes}),
   * whose {@code /{ns}/{name}} patterns would otherwise shadow API paths such as {@code
   * /api/datasets}.
   */
  private static List<ApiRoute> routes(
      EvalHub hub,
      Authenticator authenticator,
      RequestAccess access,
      ServerConfig config,
      HealthHandler health,
      Optional<MetricsHandler> metrics) {
    List<ApiRoute> routes =
        new ArrayList<>(
            HubApiRoutes.table(
                hub,
                access,
                authenticator,
                health,
                metrics,
                config.maxCommitBytes(),
                config.maxObjectBytes() > 0 ? config.maxObjectBytes() : config.maxCommitBytes(),
                // The logs of one import: as large as the largest push.
                config.maxPackBytes() > 0 ? config.maxPackBytes() : Long.MAX_VALUE));
    routes.addAll(PageRoutes.table(hub));
    return List.copyOf(routes);
  }

  /**
   * The route table, API and pages, in the order it is registered; the documented routes are the
   * description's.
   */
  public List<ApiRoute> routes() {
    return routes;
  }

  /**
   * Every endpoint registered, API and pages, as Javalin matches them: what the error-shape tests
   * walk.
   */
  public List<ApiRoute> allRoutes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> new ApiRoute(e.method, e.path, e.handler))
        .toList();
  }

  /** The hub this server serves. */
  public EvalHub hub() {
    return hub;
  }

  private static GitFilter gitFilter(EvalHub hub) {
    GitServices services = new GitServices(hub.git());
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

  /**
   * Stops: first answers not ready on {@code /health/ready} for the drain delay of the operations
   * settings (requests are still served meanwhile, so that a load balancer takes this instance out
   * first); then refuses new connections and requests (503 on a connection already open) and waits
   * for the requests under way, a push being received or a merge, up to the stop timeout of the
   * operations settings; then stops serving, cutting what still runs, and closes the hub (its
   * watching, index and storage). Returns within the drain delay plus the stop timeout plus the
   * time Jetty and the hub take to close.
   */
  @Override
  public void close() {
    if (draining.start() && !operations.drainDelay().isZero()) {
      LOG.info(
          "evalhub draining: not ready for {} s, then stopping",
          operations.drainDelay().toSeconds());
      try {
        Thread.sleep(operations.drainDelay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (graceful.underWay() > 0) {
        LOG.info(
            "evalhub stopping: waiting up to {} s for {} request(s) under way",
            operations.stopTimeout().toSeconds(),
            graceful.underWay());
      }
      graceful.stop(operations.stopTimeout());
      app.stop();
    } finally {
      hub.close();
    }
    LOG.info("evalhub stopped");
  }
}
