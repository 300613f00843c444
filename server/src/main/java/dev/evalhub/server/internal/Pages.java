package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import io.javalin.http.Context;
import java.util.List;

/**
 * Cuts a listing into pages: {@code limit} items from the {@code cursor} offset, and a {@code Link:
 * <absolute URL>; rel="next"} header when more follow (the JS client only follows absolute http(s)
 * links, with a space after the semicolon). Stateless.
 */
final class Pages {

  private Pages() {}

  static <T> List<T> page(Context ctx, List<T> all, int defaultLimit, int maxLimit) {
    int limit = Math.min(intParam(ctx, "limit", defaultLimit), maxLimit);
    int offset = intParam(ctx, PublicUrls.CURSOR, 0);
    if (limit < 1 || offset < 0) {
      throw HubException.invalid("limit must be positive and cursor not negative");
    }
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    if (to < all.size()) {
      ctx.header("Link", "<" + PublicUrls.withCursor(ctx, to) + ">; rel=\"next\"");
    }
    return all.subList(from, to);
  }

  private static int intParam(Context ctx, String name, int defaultValue) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw HubException.invalid(name + " must be a number, got \"" + value + "\"");
    }
  }
}
