package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import io.javalin.http.Context;

/**
 * What every repository route reads from a request: the repository of {@code
 * /api/{models|datasets}/{ns}/{name}}.
 */
final class ApiRequests {

  private ApiRequests() {}

  static RepoId repo(Context ctx) {
    String plural = ctx.pathParam("type");
    for (RepoType type : RepoType.values()) {
      if (type.plural().equals(plural)) {
        // A name that is not even a valid id names no repository: the same answer as a missing one.
        String path = type.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
        return RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
      }
    }
    throw HubException.notFound("no such API path: " + ctx.path());
  }

  /**
   * The model of {@code /api/models/{ns}/{name}/...}; a name that is no valid id is a missing
   * repository.
   */
  static RepoId model(Context ctx) {
    String path = RepoType.MODEL.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    return RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
  }

  /**
   * The dataset of {@code /api/datasets/{ns}/{name}/...}; a name that is no valid id is a missing
   * repository.
   */
  static RepoId dataset(Context ctx) {
    String path = RepoType.DATASET.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    return RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
  }
}
