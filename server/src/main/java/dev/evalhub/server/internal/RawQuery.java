package dev.evalhub.server.internal;

import io.javalin.http.Context;

/**
 * A request's query parameters read from the raw query string without building Javalin's map of
 * every parameter (a split, a list and a URL decoder per pair: a few per cent of the hot
 * leaderboard's CPU). Same answer as {@link Context#queryParam}: the first value of the key, {@code
 * ""} for a key without {@code =}, null when absent. A query holding {@code %} or {@code +} (whose
 * decoding, and whose malformed escapes' error, Javalin owns), or a request with a {@code
 * Content-Type} (whose charset, even one Java does not know, Javalin decodes with), is left to
 * {@link Context#queryParam}; otherwise every key and value decodes to itself. One per request, on
 * the request's thread.
 */
final class RawQuery {

  private final Context ctx;

  /** The query to read literally, or null to ask Javalin. */
  private final String literal;

  private RawQuery(Context ctx, String literal) {
    this.ctx = ctx;
    this.literal = literal;
  }

  /** The query of {@code ctx}, its string and headers read once. */
  static RawQuery of(Context ctx) {
    String query = ctx.queryString();
    if (query == null) {
      return new RawQuery(ctx, "");
    }
    boolean literal =
        query.indexOf('%') < 0 && query.indexOf('+') < 0 && ctx.header("Content-Type") == null;
    return new RawQuery(ctx, literal ? query : null);
  }

  /** The first value of {@code key} (a key without {@code %} or {@code +}), or null. */
  String first(String key) {
    return literal == null ? ctx.queryParam(key) : first(literal, key);
  }

  /**
   * The first value of {@code key} in {@code query} (split at every {@code &}, then at the first
   * {@code =}, as Javalin does; the empty query has no parameter), taken literally: for a query
   * without escapes.
   */
  static String first(String query, String key) {
    int length = query.length();
    if (length == 0) {
      return null;
    }
    int start = 0;
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int equals = query.indexOf('=', start);
      int keyEnd = equals < 0 || equals > end ? end : equals;
      if (keyEnd - start == key.length() && query.startsWith(key, start)) {
        return keyEnd == end ? "" : query.substring(keyEnd + 1, end);
      }
      start = end + 1;
    }
    return null;
  }
}
