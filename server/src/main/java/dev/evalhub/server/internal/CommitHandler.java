package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.CommitTarget;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.service.CommitService;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/{models|datasets}/{ns}/{name}/commit/{rev}[?create_pr=1]} with an NDJSON body
 * ({@link NdjsonCommit}): one server-side commit on the branch {@code rev}, on pull request {@code
 * refs/pr/N}, or opening a pull request against {@code rev} ({@code create_pr}). Validated like a
 * push (an invalid file refuses the whole commit with the validator's positioned messages); {@code
 * parentCommit} must be the head (412 otherwise). Who may commit where is checked ({@link
 * CommitService#target}) before the body is read, as it streams, up to {@code maxBodyBytes} (413
 * beyond). Thread-safe.
 */
public final class CommitHandler implements Handler {

  private final RequestAccess access;
  private final EvalHub hub;
  private final long maxBodyBytes;

  public CommitHandler(RequestAccess access, EvalHub hub, long maxBodyBytes) {
    this.access = access;
    this.hub = hub;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Caller caller = access.requireCaller(ctx);
    RepoId readable = hub.repositories().info(path.repo(), Optional.of(caller)).id();
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw LimitedInputStream.tooLarge(maxBodyBytes, "max-commit-bytes");
    }
    CommitTarget target =
        hub.commits()
            .target(
                readable,
                path.revisionPath().revision(),
                isTrue(ctx.queryParam("create_pr")),
                caller);
    NdjsonCommit body =
        NdjsonCommit.read(
            new LimitedInputStream(ctx.req().getInputStream(), maxBodyBytes, "max-commit-bytes"));
    CommitOutcome outcome =
        hub.commits().commit(target, body.parentCommit(), body.changes(), body.message(), caller);
    CommitResult result = outcome.commit();
    RepoId repo = target.repo().id();
    String ref = target.ref();
    switch (result.status()) {
      case COMMITTED ->
          ctx.json(
              answer(
                  ctx,
                  repo,
                  result.commitId().orElseThrow(),
                  target.createPr() ? outcome.pullRequest() : Optional.empty()));
      case PARENT_MISMATCH ->
          throw new HubException(
              HubException.Kind.PRECONDITION_FAILED,
              body.parentCommit()
                  .map(p -> "parentCommit " + p + " is not the head of " + ref)
                  .orElse(ref + " kept moving under other commits; retry"));
      case INVALID_FILES ->
          throw HubException.invalid(FileProblem.describeErrors(result.problems()));
      case REFUSED -> throw HubException.forbidden("commits to " + ref + " are not accepted");
    }
  }

  /**
   * What the clients read: the commit's id and URL, and for {@code create_pr} the pull request's
   * URL.
   */
  private static Map<String, Object> answer(
      Context ctx, RepoId repo, String commitId, Optional<PrNumber> opened) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("commitOid", commitId);
    answer.put("commitUrl", PublicUrls.commit(ctx, repo, commitId));
    answer.put("hookOutput", "");
    // The JS client takes the number from the last segment of this URL.
    opened.ifPresent(
        number ->
            answer.put("pullRequestUrl", PublicUrls.repo(ctx, repo) + "/discussions/" + number));
    return answer;
  }

  private static boolean isTrue(String flag) {
    return flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
  }
}
