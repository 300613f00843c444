package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.repo.RepoFile;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * {@code GET} and {@code HEAD} of {@code /[datasets/]{ns}/{name}/{resolve|raw}/{rev}/{path}}: a
 * file's bytes, with {@code ETag} (the git blob id, quoted), {@code X-Repo-Commit}, {@code
 * Accept-Ranges} and single byte ranges (206 with {@code Content-Range}). evalhub stores no LFS
 * objects, so {@code resolve} and {@code raw} are the same. An empty file answers any range with
 * 200 and {@code Content-Range: bytes *}{@code /0}: the JS client probes every download with {@code
 * bytes=0-0} and reads the size after the slash. Thread-safe.
 */
public final class FileHandler implements Handler {

  private final RequestAccess access;
  private final EvalHub hub;

  public FileHandler(RequestAccess access, EvalHub hub) {
    this.access = access;
    this.hub = hub;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofFile(ctx.req().getRequestURI());
    Optional<Caller> caller = access.caller(ctx);
    RepoInfo repo = hub.repositories().info(path.repo(), caller);
    RequestPath.RevisionPath target = path.revisionPath();
    RepoRevision revision = hub.contents().resolve(repo.id(), target.revision(), caller);
    RepoFile file =
        hub.contents()
            .file(revision, target.path(), caller)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.ENTRY_NOT_FOUND,
                        "no file \""
                            + target.path()
                            + "\" at "
                            + target.revision()
                            + " in "
                            + revision.repo().id()));
    ctx.header("ETag", "\"" + file.blobId() + "\"");
    ctx.header("X-Repo-Commit", revision.commitId());
    ctx.header("Accept-Ranges", "bytes");
    ctx.contentType("application/octet-stream");
    Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), file.size());
    long first = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse((long) file.size());
    if (range.isPresent()) {
      ctx.status(206).header("Content-Range", range.get().contentRange());
    } else if (file.size() == 0 && ctx.header("Range") != null) {
      ctx.header("Content-Range", "bytes */0");
    }
    ctx.res().setContentLengthLong(length);
    if (ctx.method() != HandlerType.HEAD) {
      // Straight to the servlet stream: Javalin's compression would change the length a range
      // promises.
      try (OutputStream out = ctx.res().getOutputStream()) {
        out.write(file.content(), (int) first, (int) length);
      }
    }
  }
}
