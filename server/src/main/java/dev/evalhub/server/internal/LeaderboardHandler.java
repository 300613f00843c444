package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET
 * /api/datasets/{ns}/{name}/leaderboard[?task_id=...][&base_model=true|false][&limit=N][&include_invalidated=true]}:
 * the Hub's list of rows ({@code rank, modelId, value, filename, verified, source?, author,
 * pullRequest?, notes?} plus evalhub's group, badges, methodology and stderr; see {@link
 * LeaderboardJson}); with {@code include_invalidated=true}, the rows that left the leaderboard
 * because the public record stands against them follow, with rank 0 and their {@code invalidated}.
 * Answered from bytes made once per leaderboard and index generation ({@link
 * RenderedLeaderboards}), gzipped when the client accepts it, with a strong {@code ETag}; {@code
 * If-None-Match} naming it is a 304. Thread-safe.
 */
public final class LeaderboardHandler implements Handler {

  /** The route's path template. */
  public static final String PATH = "/api/datasets/{ns}/{name}/leaderboard";

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;
  private final RenderedLeaderboards rendered = new RenderedLeaderboards();

  /** The caching headers of a 200 and a 304, as the OpenAPI description tells them. */
  public static final Map<String, String> CACHING_HEADERS =
      Map.of(
          "ETag",
          "strong tag of this representation (the gzip one has its own)",
          "Vary",
          "Accept-Encoding",
          "Cache-Control",
          "no-cache (a public benchmark: keep it, revalidate with If-None-Match) or private,"
              + " no-cache (a private benchmark: no shared cache keeps it)");

  public LeaderboardHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    RawQuery query = RawQuery.of(ctx);
    Optional<String> task = Optional.ofNullable(query.first("task_id")).filter(t -> !t.isBlank());
    boolean baseModelsOnly = !"false".equalsIgnoreCase(query.first("base_model"));
    boolean hideFlagged = "true".equalsIgnoreCase(query.first("hide_flagged"));
    int limit = limit(query.first("limit"));
    boolean withInvalidated = "true".equalsIgnoreCase(query.first("include_invalidated"));
    LeaderboardService.Visible visible =
        leaderboards.visibleLeaderboard(
            ApiRequests.dataset(ctx),
            task,
            baseModelsOnly,
            hideFlagged,
            authenticator.caller(ctx.header("Authorization")));
    Leaderboard leaderboard = visible.leaderboard();
    // Only now, with the caller's permission checked: the bytes of the leaderboard the index
    // handed out (one instance per index generation).
    boolean gzip = AcceptEncoding.acceptsGzip(ctx.header("Accept-Encoding"));
    LeaderboardBytes answer = rendered.answer(leaderboard, withInvalidated, limit, gzip);
    JsonResponses.writeCached(ctx, answer, gzip, visible.privateBenchmark());
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return Integer.MAX_VALUE;
    }
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      throw HubException.invalid("limit must be a whole number, got \"" + text + "\"");
    }
  }
}
