package dev.evalhub.server.internal;

import dev.evalhub.storage.RepoType;
import dev.evalhub.storage.Storage;
import io.javalin.config.RoutesConfig;

/**
 * The Hugging Face–compatible routes. Paths whose tail holds a revision and a file path end in a {@code <tail>}
 * parameter that matches slashes; the handlers parse the raw path themselves ({@link RequestPath}). Stateless.
 */
public final class HubApiRoutes {

  private HubApiRoutes() {}

  public static void register(RoutesConfig routes, Storage storage, Authenticator authenticator,
      long maxCommitBytes) {
    RequestAccess access = new RequestAccess(authenticator, storage.repositories(), storage.access());
    routes.post("/api/repos/create", new CreateRepoHandler(storage, access));
    routes.delete("/api/repos/delete", new DeleteRepoHandler(storage, access));
    routes.get("/api/whoami-v2", new WhoAmIHandler(authenticator, storage.accounts()));
    for (RepoType type : RepoType.values()) {
      String api = "/api/" + type.plural();
      routes.get(api, new RepoListHandler(type, access, storage.repositories(), storage.contents()));
      routes.get(api + "/{ns}/{name}", new RepoInfoHandler(access, storage.contents()));
      routes.get(api + "/{ns}/{name}/revision/<tail>", new RepoInfoHandler(access, storage.contents()));
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
