package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.service.RepositoryService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/repos/create} with the Hugging Face body ({@link RepoBody}): creates the
 * repository in the organisation, or in the caller's own namespace, with the body's {@code files}
 * (validated) in its first commit (none at all with {@code "empty": true}), and answers {@code
 * {"url", "id", "name"}}. Thread-safe.
 */
public final class CreateRepoHandler implements Handler {

  private final RepositoryService repositories;
  private final RequestAccess access;

  public CreateRepoHandler(RepositoryService repositories, RequestAccess access) {
    this.repositories = repositories;
    this.access = access;
  }

  @Override
  public void handle(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    RepoBody body = RepoBody.parse(ctx.bodyAsBytes(), caller.user());
    RepoInfo created =
        body.isEmpty()
            ? repositories.createEmpty(body.id(), body.isPrivate(), caller)
            : repositories.create(body.id(), body.isPrivate(), caller, body.files());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("url", PublicUrls.repo(ctx, created.id()));
    answer.put("id", created.id().urlPath());
    answer.put("name", created.id().fullName());
    ctx.json(answer);
  }
}
