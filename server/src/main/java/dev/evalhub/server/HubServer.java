package dev.evalhub.server;

import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.internal.Authenticator;
import dev.evalhub.server.internal.DiscussionsHandler;
import dev.evalhub.server.internal.GitAccessFilter;
import dev.evalhub.server.internal.GitServices;
import dev.evalhub.server.internal.HubApiRoutes;
import dev.evalhub.server.internal.ResultHistoryHandler;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
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
  private final Javalin app;

  private HubServer(Storage storage, Javalin app) {
    this.storage = storage;
    this.app = app;
  }

  /** Opens the data folder and starts listening; returns once the server accepts connections. */
  public static HubServer start(ServerConfig config) {
    Storage storage = Storage.open(config.dataDir(),
        StorageOptions.DEFAULT.withLimits(config.maxPackBytes(), config.maxObjectBytes()));
    Authenticator authenticator = new Authenticator(storage.accounts());
    storage.events().addListener(e -> LOG.info("#{} {} {} {}..{} by {}", e.sequence(), e.repo(), e.ref(),
        e.oldId().substring(0, 8), e.newId().substring(0, 8), e.actor()));
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
      javalin.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
      HubApiRoutes.register(javalin.routes, storage, authenticator, config.maxCommitBytes());
      DiscussionsHandler discussions = new DiscussionsHandler(storage.pullRequests(), authenticator);
      javalin.routes.get(DiscussionsHandler.PATH, discussions::list);
      javalin.routes.post(DiscussionsHandler.PATH, discussions::create);
      javalin.routes.get(DiscussionsHandler.PATH + "/{num}", discussions::details);
      javalin.routes.post(DiscussionsHandler.PATH + "/{num}/comment", discussions::comment);
      // The Python client POSTs the status; PATCH is accepted as well.
      javalin.routes.post(DiscussionsHandler.PATH + "/{num}/status", discussions::status);
      javalin.routes.patch(DiscussionsHandler.PATH + "/{num}/status", discussions::status);
      javalin.routes.post(DiscussionsHandler.PATH + "/{num}/merge", discussions::merge);
      javalin.routes.get(ResultHistoryHandler.PATH, new ResultHistoryHandler(storage.resultHistory(), authenticator));
      javalin.routes.exception(HubException.class, (e, ctx) -> ApiErrors.write(ctx, e));
      javalin.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        ApiErrors.write(ctx, 500, "InternalError", "internal error; the server log has the details");
      });
    });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    LOG.info("evalhub listening on http://{}:{} with data in {}", config.host(), app.port(), storage.dataDir());
    return new HubServer(storage, app);
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
    storage.close();
    LOG.info("evalhub stopped");
  }
}
