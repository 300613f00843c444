package dev.evalhub.server;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.Handler;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteOrderTest {

  private static final String HOT = "/api/datasets/{ns}/{name}/leaderboard";
  private static final Handler NOTHING = ctx -> {};

  @Test
  void patternsOfWholeSegmentsAreDisjointByLengthOrByALiteral() {
    assertThat(RouteOrder.disjoint(HOT, "/api/models/{ns}/{name}")).isTrue();
    assertThat(RouteOrder.disjoint(HOT, "/api/{type}/{ns}/{name}/discussions")).isTrue();
    assertThat(RouteOrder.disjoint(HOT, "/api/models/{ns}/{name}/lineage")).isTrue();
    assertThat(RouteOrder.disjoint(HOT, "/health")).isTrue();
  }

  @Test
  void patternsThatMayMatchOnePathAreNotDisjoint() {
    assertThat(RouteOrder.disjoint(HOT, "/api/{type}/{ns}/{name}/{what}")).isFalse();
    assertThat(RouteOrder.disjoint(HOT, "/api/datasets/{ns}/{name}/LEADERBOARD")).isFalse();
    assertThat(RouteOrder.disjoint(HOT, "/api/datasets/<tail>")).isFalse();
    assertThat(RouteOrder.disjoint(HOT, "/api/*/{ns}/{name}/leaderboard")).isFalse();
    assertThat(RouteOrder.disjoint(HOT, "/api/datasets/{ns}/{name}.json/leaderboard")).isFalse();
    assertThat(RouteOrder.disjoint(HOT, HOT)).isFalse();
  }

  @Test
  void aHotRouteGoesFirstWhenItPassesOnlyDisjointRoutes() {
    List<ApiRoute> table =
        List.of(
            route(GET, "/api/models/{ns}/{name}"),
            route(POST, "/api/{type}/{ns}/{name}/{what}"),
            route(GET, "/api/{type}/{ns}/{name}/discussions"),
            route(GET, HOT),
            route(GET, "/{ns}/{name}"));

    assertThat(RouteOrder.forRegistration(table, Set.of(HOT)))
        .containsExactly(table.get(3), table.get(0), table.get(1), table.get(2), table.get(4));
  }

  @Test
  void aHotRouteKeepsItsPlaceBehindARouteThatMayMatchItsPaths() {
    List<ApiRoute> table =
        List.of(
            route(GET, "/api/models/{ns}/{name}"),
            route(GET, "/api/{type}/{ns}/{name}/{what}"),
            route(GET, HOT));

    assertThat(RouteOrder.forRegistration(table, Set.of(HOT))).isEqualTo(table);
  }

  private static ApiRoute route(io.javalin.http.HandlerType method, String path) {
    return new ApiRoute(method, path, NOTHING);
  }
}
