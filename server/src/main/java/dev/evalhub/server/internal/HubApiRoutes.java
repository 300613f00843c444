package dev.evalhub.server.internal;

import dev.evalhub.index.Index;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.service.EvalHub;
import dev.evalhub.domain.RepoType;
import dev.evalhub.storage.Storage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The Hugging Face–compatible routes. Paths whose tail holds a revision and a file path end in a {@code <tail>}
 * parameter that matches slashes; the handlers parse the raw path themselves ({@link RequestPath}). Stateless.
 */
public final class HubApiRoutes {

  private HubApiRoutes() {}

  /**
   * The routes of this family that the OpenAPI description lists, because evalhub adds to them: a model's
   * {@code evalResults}, the {@code benchmark:official} listing, and repository creation. {@link #register} adds
   * the others.
   */
  public static List<ApiRoute> documented(EvalHub hub, RequestAccess access, Index index) {
    return List.of(
        new ApiRoute(HandlerType.POST, "/api/repos/create", new CreateRepoHandler(hub.repositories(), access)),
        new ApiRoute(HandlerType.GET, "/api/models/{ns}/{name}", new RepoInfoHandler(access, hub, index)),
        new ApiRoute(HandlerType.GET, "/api/datasets", new BenchmarkListHandler(index,
            new RepoListHandler(RepoType.DATASET, access, hub, index))));
  }

  /** Registers the routes of this family that {@link #documented} does not return. */
  public static void register(RoutesConfig routes, EvalHub hub, Storage storage, RequestAccess access,
      Authenticator authenticator, Index index, long maxCommitBytes) {
    routes.delete("/api/repos/delete", new DeleteRepoHandler(hub.repositories(), access));
    routes.get("/api/whoami-v2", new WhoAmIHandler(authenticator, storage.accounts()));
    routes.get("/api/models", new RepoListHandler(RepoType.MODEL, access, hub, index));
    routes.get("/api/datasets/{ns}/{name}", new RepoInfoHandler(access, hub, index));
    for (RepoType type : RepoType.values()) {
      String api = "/api/" + type.plural();
      routes.get(api + "/{ns}/{name}/revision/<tail>", new RepoInfoHandler(access, hub, index));
      routes.get(api + "/{ns}/{name}/tree/<tail>", new TreeHandler(access, hub));
      routes.post(api + "/{ns}/{name}/preupload/<tail>", new PreuploadHandler(hub, access));
      routes.post(api + "/{ns}/{name}/paths-info/<tail>", new PathsInfoHandler(access, hub));
      routes.post(api + "/{ns}/{name}/commit/<tail>", new CommitHandler(access, hub, maxCommitBytes));
      FileHandler files = new FileHandler(access, hub);
      for (String kind : new String[] {"resolve", "raw"}) {
        String path = "/" + type.urlPrefix() + "{ns}/{name}/" + kind + "/<tail>";
        routes.get(path, files);
        routes.head(path, files);
      }
    }
  }
}
