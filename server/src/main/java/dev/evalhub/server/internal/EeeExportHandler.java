package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.service.ExportService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * {@code GET /api/models/{ns}/{name}/results/eee[?file=.eval_results/x.yaml&index=N]}: the model's
 * results on {@code main} as Every Eval Ever 0.3.0 records (a JSON array), or the one record of
 * entry {@code index} of {@code file}. Not found when the caller may not read the model; 400 for a
 * bad file or index. Thread-safe.
 */
public final class EeeExportHandler implements Handler {

  public static final String PATH = "/api/models/{ns}/{name}/results/eee";

  private final ExportService exports;
  private final Authenticator authenticator;

  public EeeExportHandler(ExportService exports, Authenticator authenticator) {
    this.exports = exports;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    String path = RepoType.MODEL.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    RepoId model = RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
    Optional<Integer> index =
        Optional.ofNullable(ctx.queryParam("index"))
            .map(
                text -> {
                  try {
                    return Integer.parseInt(text);
                  } catch (NumberFormatException e) {
                    throw HubException.invalid(
                        "index must be an entry number, got \"" + text + "\"");
                  }
                });
    byte[] json =
        exports.eee(
            model,
            Optional.ofNullable(ctx.queryParam("file")),
            index,
            Optional.of(PublicUrls.base(ctx)),
            authenticator.caller(ctx.header("Authorization")));
    JsonResponses.writeBytes(ctx, json);
  }
}
