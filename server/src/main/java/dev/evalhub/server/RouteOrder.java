package dev.evalhub.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The order routes are registered with Javalin in: the table's, except that the hot routes go first
 * when that cannot change which route answers a request. Javalin tries a method's routes in
 * registration order, a regex match each, and takes the first that matches; the hot leaderboard sat
 * behind a dozen GET routes. Moving a route ahead of others is the same routing when no route it
 * passes can match a path it matches: {@link #disjoint} proves that for patterns of whole segments.
 * A hot route it cannot prove disjoint keeps its place. Stateless.
 */
final class RouteOrder {

  private RouteOrder() {}

  /**
   * {@code routes} with each route whose path is in {@code hot} (in table order) moved ahead of the
   * routes before it, when it is disjoint from every route of the same method it passes.
   */
  static List<ApiRoute> forRegistration(List<ApiRoute> routes, Set<String> hot) {
    List<ApiRoute> first = new ArrayList<>();
    List<ApiRoute> rest = new ArrayList<>(routes);
    for (int i = 0; i < routes.size(); i++) {
      ApiRoute route = routes.get(i);
      if (!hot.contains(route.path()) || !disjointFromEarlier(route, routes.subList(0, i))) {
        continue;
      }
      // Ahead of the hot routes already moved too only if disjoint from them as well.
      if (first.stream().allMatch(earlier -> mayPass(route, earlier))) {
        first.add(route);
        rest.remove(route);
      }
    }
    first.addAll(rest);
    return List.copyOf(first);
  }

  private static boolean disjointFromEarlier(ApiRoute route, List<ApiRoute> earlier) {
    return earlier.stream().allMatch(other -> mayPass(route, other));
  }

  private static boolean mayPass(ApiRoute route, ApiRoute other) {
    return route.method() != other.method() || disjoint(route.path(), other.path());
  }

  /**
   * Whether no path can match both Javalin patterns {@code a} and {@code b}: true only when both
   * are made of whole segments, each a literal or a {@code {param}} (which matches one segment,
   * never a slash), and they differ in their number of segments or hold different literals at one
   * position. Literals compare ignoring case, in case routes are made case-insensitive; {@code
   * <param>}, {@code *} and segments mixing a literal with a parameter count as overlapping.
   */
  static boolean disjoint(String a, String b) {
    List<String> left = segments(a);
    List<String> right = segments(b);
    if (left == null || right == null) {
      return false;
    }
    if (left.size() != right.size()) {
      return true;
    }
    for (int i = 0; i < left.size(); i++) {
      String x = left.get(i);
      String y = right.get(i);
      if (!isParameter(x) && !isParameter(y) && !x.equalsIgnoreCase(y)) {
        return true;
      }
    }
    return false;
  }

  /** The segments of {@code path}, or null when one is neither a literal nor a whole {param}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      boolean special =
          segment.indexOf('{') >= 0
              || segment.indexOf('}') >= 0
              || segment.indexOf('<') >= 0
              || segment.indexOf('>') >= 0
              || segment.indexOf('*') >= 0;
      if (special && !isParameter(segment)) {
        return null;
      }
      segments.add(segment);
    }
    return segments;
  }

  private static boolean isParameter(String segment) {
    return segment.length() > 2
        && segment.startsWith("{")
        && segment.endsWith("}")
        && segment.indexOf('{', 1) < 0
        && segment.indexOf('}') == segment.length() - 1;
  }
}
