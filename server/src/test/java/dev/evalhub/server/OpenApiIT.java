package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.server.testing.TestHub;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI description is generated from the route table: every documented route, nothing
 * else.
 */
class OpenApiIT {

  @TempDir static Path temp;
  private static TestHub hub;
  private static String body;

  @BeforeAll
  static void serve() throws Exception {
    hub = new TestHub(temp.resolve("data"));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/api/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    body = response.body();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void everyDocumentedRouteIsDescribedAndNothingElse() throws Exception {
    JsonNode paths = Json.mapper().readTree(body).get("paths");
    Set<String> described = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
    }
    Set<String> documented = new HashSet<>();
    hub.server().routes().stream()
        .filter(ApiRoute::documented)
        .forEach(
            route ->
                documented.add(
                    route.method().name().toUpperCase(Locale.ROOT) + " " + route.path()));

    assertThat(described)
        .isEqualTo(documented)
        .contains(
            "GET /api/openapi.json",
            "GET /health",
            "POST /api/repos/create",
            "GET /api/datasets/{ns}/{name}/leaderboard");
  }

  @Test
  void theHotLeaderboardIsRegisteredAheadOfEveryOtherRoute() {
    assertThat(
            RouteOrder.forRegistration(
                    hub.server().routes(),
                    Set.of(dev.evalhub.server.internal.LeaderboardHandler.PATH))
                .get(0)
                .path())
        .isEqualTo(dev.evalhub.server.internal.LeaderboardHandler.PATH);
  }

  @Test
  void pagesAndPathsWithSlashParametersAreNotDocumented() {
    assertThat(hub.server().routes())
        .filteredOn(ApiRoute::documented)
        .allSatisfy(route -> assertThat(route.path()).startsWith("/").doesNotContain("<"))
        .noneSatisfy(route -> assertThat(route.path()).isIn("/", "/{ns}/{name}", "/login"));
  }

  @Test
  void theDescriptionIsValidOpenApi3() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(body, null, options);

    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.0.");
    assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
  }

  @Test
  void theLeaderboardDescribesItsCachingAndEveryRouteButTheProbesItsOverload() throws Exception {
    JsonNode paths = Json.mapper().readTree(body).get("paths");
    JsonNode board = paths.get("/api/datasets/{ns}/{name}/leaderboard").get("get");
    Set<String> requestHeaders = new HashSet<>();
    board
        .get("parameters")
        .forEach(
            p -> {
              if (p.get("in").asText().equals("header")) {
                requestHeaders.add(p.get("name").asText());
              }
            });
    assertThat(requestHeaders).containsExactlyInAnyOrder("If-None-Match", "Accept-Encoding");
    JsonNode responses = board.get("responses");
    assertThat(iterable(responses.get("200").get("headers").fieldNames()))
        .contains("ETag", "Vary", "Cache-Control", "Content-Encoding");
    assertThat(responses.get("304").has("content")).isFalse();
    assertThat(iterable(responses.get("304").get("headers").fieldNames()))
        .contains("ETag", "Cache-Control");
    assertThat(responses.get("503").get("headers").has("Retry-After")).isTrue();

    for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      boolean exempt = path.getKey().startsWith("/health") || path.getKey().equals("/metrics");
      for (JsonNode operation : path.getValue()) {
        JsonNode busy = operation.get("responses").path("503");
        if (!exempt) {
          assertThat(busy.path("headers").has("Retry-After")).as(path.getKey()).isTrue();
        } else {
          assertThat(busy.path("headers").has("Retry-After")).as(path.getKey()).isFalse();
        }
      }
    }
  }

  private static Iterable<String> iterable(Iterator<String> names) {
    Set<String> all = new HashSet<>();
    names.forEachRemaining(all::add);
    return all;
  }

  @Test
  void everySchemaReferenceResolvesAndEveryNamedSchemaIsUsed() throws Exception {
    JsonNode document = Json.mapper().readTree(body);
    Set<String> named = new HashSet<>();
    document.path("components").path("schemas").fieldNames().forEachRemaining(named::add);
    Set<String> referenced = new HashSet<>();
    document
        .findValuesAsText("$ref")
        .forEach(ref -> referenced.add(ref.replace("#/components/schemas/", "")));

    assertThat(referenced).isEqualTo(named);
  }
}
