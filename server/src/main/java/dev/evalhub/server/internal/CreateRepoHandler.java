package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Storage;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/repos/create} with the Hugging Face body ({@link RepoBody}): creates the repository in the
 * organisation, or in the caller's own namespace, with the body's {@code files} (validated) in its first commit
 * (none at all with {@code "empty": true}), and answers {@code {"url", "id", "name"}}. Thread-safe.
 */
public final class CreateRepoHandler implements Handler {

  private final Storage storage;
  private final RequestAccess access;

  public CreateRepoHandler(Storage storage, RequestAccess access) {
    this.storage = storage;
    this.access = access;
  }

  @Override
  public void handle(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    RepoBody body = RepoBody.parse(ctx.bodyAsBytes(), caller.user());
    RepoInfo created = body.isEmpty()
        ? storage.createEmptyRepository(body.id(), body.isPrivate(), Optional.of(caller))
        : storage.createRepository(body.id(), body.isPrivate(), Optional.of(caller), body.files());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("url", PublicUrls.repo(ctx, created.id()));
    answer.put("id", created.id().urlPath());
    answer.put("name", created.id().fullName());
    ctx.json(answer);
  }
}
