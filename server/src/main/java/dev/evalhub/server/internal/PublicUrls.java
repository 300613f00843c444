package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Absolute URLs the API hands out (repository and commit URLs, pagination links), built from the
 * request's own scheme and host so that they work however the hub is reached. Stateless.
 */
final class PublicUrls {

  /** The query parameter of a page's start, as in the Hub's {@code cursor}; here an offset. */
  static final String CURSOR = "cursor";

  private PublicUrls() {}

  static String base(Context ctx) {
    return ctx.scheme() + "://" + ctx.host();
  }

  static String repo(Context ctx, RepoId id) {
    return base(ctx) + "/" + id.urlPath();
  }

  static String commit(Context ctx, RepoId id, String commitId) {
    return repo(ctx, id) + "/commit/" + commitId;
  }

  /** This request's URL with the cursor set to {@code offset}: the next page's link. */
  static String withCursor(Context ctx, int offset) {
    String query =
        ctx.queryParamMap().entrySet().stream()
            .filter(e -> !e.getKey().equals(CURSOR))
            .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
            .collect(Collectors.joining("&"));
    return base(ctx)
        + ctx.req().getRequestURI()
        + "?"
        + (query.isEmpty() ? "" : query + "&")
        + CURSOR
        + "="
        + offset;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
