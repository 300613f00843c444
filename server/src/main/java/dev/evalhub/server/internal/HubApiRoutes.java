package dev.evalhub.server.internal;

import dev.evalhub.service.LeaderboardService;
import dev.evalhub.server.ApiRoute;
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
  public static List<ApiRoute> documented(Storage storage, RequestAccess access,
      LeaderboardService leaderboards) {
    return List.of(
        new ApiRoute(HandlerType.POST, "/api/repos/create", new CreateRepoHandler(storage, access)),
        new ApiRoute(HandlerType.GET, "/api/models/{ns}/{name}",
            new RepoInfoHandler(access, storage.contents(), leaderboards)),
        new ApiRoute(HandlerType.GET, "/api/datasets", new BenchmarkListHandler(leaderboards,
            new RepoListHandler(RepoType.DATASET, access, storage.repositories(), storage.contents(), leaderboards))));
  }

  /** Registers the routes of this family that {@link #documented} does not return. */
  public static void register(RoutesConfig routes, Storage storage, RequestAccess access, Authenticator authenticator,
      LeaderboardService leaderboards, long maxCommitBytes) {
    routes.delete("/api/repos/delete", new DeleteRepoHandler(storage, access));
    routes.get("/api/whoami-v2", new WhoAmIHandler(authenticator, storage.accounts()));
    routes.get("/api/models",
        new RepoListHandler(RepoType.MODEL, access, storage.repositories(), storage.contents(), leaderboards));
    routes.get("/api/datasets/{ns}/{name}", new RepoInfoHandler(access, storage.contents(), leaderboards));
    for (RepoType type : RepoType.values()) {
      String api = "/api/" + type.plural();
      routes.get(api + "/{ns}/{name}/revision/<tail>", new RepoInfoHandler(access, storage.contents(), leaderboards));
      routes.get(api + "/{ns}/{name}/tree/<tail>", new TreeHandler(access, storage.contents()));
      routes.post(api + "/{ns}/{name}/preupload/<tail>", new PreuploadHandler(access));
      routes.post(api + "/{ns}/{name}/paths-info/<tail>", new PathsInfoHandler(access, storage.contents()));
      routes.post(api + "/{ns}/{name}/commit/<tail>",
          new CommitHandler(access, storage.contents(), storage.commits(), storage.pullRequestCommits(),
              maxCommitBytes));
      FileHandler files = new FileHandler(access, storage.contents());
      for (String kind : new String[] {"resolve", "raw"}) {
        String path = "/" + type.urlPrefix() + "{ns}/{name}/" + kind + "/<tail>";
        routes.get(path, files);
        routes.head(path, files);
      }
    }
  }
}
