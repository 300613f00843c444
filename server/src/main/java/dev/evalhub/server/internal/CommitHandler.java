package dev.evalhub.server.internal;

import dev.evalhub.storage.Caller;
import dev.evalhub.storage.CommitRequest;
import dev.evalhub.storage.CommitResult;
import dev.evalhub.storage.Commits;
import dev.evalhub.storage.FileProblem;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.RepoInfo;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /api/{models|datasets}/{ns}/{name}/commit/{rev}} with an NDJSON body ({@link NdjsonCommit}): one
 * server-side commit on the branch {@code rev}, validated like a push (an invalid file refuses the whole commit,
 * with the validator's positioned messages), on top of {@code parentCommit} when given (412 when the branch has
 * moved). The body is read as it streams, up to {@code maxBodyBytes} (413 beyond). Thread-safe.
 */
public final class CommitHandler implements Handler {

  private final RequestAccess access;
  private final RepoContents contents;
  private final Commits commits;
  private final long maxBodyBytes;

  public CommitHandler(RequestAccess access, RepoContents contents, Commits commits, long maxBodyBytes) {
    this.access = access;
    this.contents = contents;
    this.commits = commits;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Caller caller = access.requireCaller(ctx);
    RepoInfo repo = access.writable(path.repo(), caller);
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw new HubException(HubException.Kind.TOO_LARGE, "the request body is larger than the limit of "
          + maxBodyBytes + " bytes (max-commit-bytes)");
    }
    if (isTrue(ctx.queryParam("create_pr"))) {
      throw HubException.invalid("pull requests through the commit API (create_pr) are not available yet");
    }
    String branch = RefNames.branch(path.revisionPath().revision());
    contents.require(repo.id(), branch);
    NdjsonCommit body = NdjsonCommit.read(new LimitedInputStream(ctx.req().getInputStream(), maxBodyBytes));
    CommitResult result = commits.commit(repo.id(), new CommitRequest(branch, body.parentCommit(), body.changes(),
        body.message(), caller.user()));
    switch (result.status()) {
      case COMMITTED -> {
        String commitId = result.commitId().orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("commitOid", commitId);
        answer.put("commitUrl", PublicUrls.commit(ctx, repo.id(), commitId));
        answer.put("hookOutput", "");
        ctx.json(answer);
      }
      case PARENT_MISMATCH -> throw new HubException(HubException.Kind.PRECONDITION_FAILED,
          body.parentCommit().map(p -> "parentCommit " + p + " is not the head of " + branch).orElse(
              branch + " moved while the commit was made; retry"));
      case INVALID_FILES -> throw HubException.invalid(result.problems().stream().filter(FileProblem::isError)
          .map(FileProblem::describe).collect(Collectors.joining("\n")));
      case REFUSED -> throw HubException.forbidden("commits to " + branch + " are not accepted");
    }
  }

  private static boolean isTrue(String flag) {
    return flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
  }
}
