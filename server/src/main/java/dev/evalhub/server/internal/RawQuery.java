package dev.evalhub.server.internal;

import io.javalin.http.Context;

/**
 * One query parameter read from the raw query string without building Javalin's map of every
 * parameter (a split, a list and a URL decoder per pair: a few per cent of the hot leaderboard's
 * CPU). Same answer as {@link Context#queryParam}: the first value of the key, {@code ""} for a key
 * without {@code =}, null when absent. A query holding {@code %} or {@code +} (whose decoding, and
 * whose malformed escapes' error, Javalin owns), or a request with a {@code Content-Type} (whose
 * charset, even one Java does not know, Javalin decodes with), is left to {@link
 * Context#queryParam}; otherwise every key and value decodes to itself. Stateless.
 */
final class RawQuery {

  private RawQuery() {}

  /**
   * The first value of {@code key} (a key without {@code %} or {@code +}) in {@code ctx}'s query.
   */
  static String first(Context ctx, String key) {
    String query = ctx.queryString();
    if (query == null || query.isEmpty()) {
      return null;
    }
    if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0 || ctx.header("Content-Type") != null) {
      return ctx.queryParam(key);
    }
    return first(query, key);
  }

  /**
   * The first value of {@code key} in {@code query} (split at every {@code &}, then at the first
   * {@code =}, as Javalin does), taken literally: for a query without escapes.
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
