package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error of every API route is the spec's JSON error with its code, whatever the input: walks
 * the route table with bad bodies, unknown repositories and callers, and sends what only a raw
 * socket can (a URI or headers too long, a bad escape, a huge body).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class ErrorShapeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BODIES =
      List.of(
          "",
          "not json{",
          "[]",
          "{\"a\":1}",
          "null",
          "{\"paths\": 5, \"files\": {}, \"name\": [], \"title\": 7}",
          "\u0000\u00ff\ufffe");

  @TempDir static Path temp;
  private TestHub hub;
  private HubHttp http;
  private String token;

  @BeforeAll
  void start() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .repo("alice/model", false)
            .repo("datasets/alice/data", false);
    token = hub.token("alice", Role.WRITE);
    http = new HubHttp(hub.baseUrl());
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void everyRouteAnswersBadInputWithoutServerErrorAndApiRoutesWithJsonErrors() throws Exception {
    List<String> failures = new ArrayList<>();
    int requests = 0;
    for (ApiRoute route : hub.server().allRoutes()) {
      for (String repo : List.of("alice/model", "nobody/missing")) {
        for (String path : concrete(route.path(), repo)) {
          boolean sendsBody = !List.of("GET", "HEAD").contains(route.method().name());
          for (String body : sendsBody ? BODIES : List.of("")) {
            for (String caller : new String[] {null, token}) {
              HttpResponse<String> response =
                  http.send(
                      route.method().name(),
                      path,
                      caller,
                      sendsBody ? body : null,
                      "Content-Type",
                      body.startsWith("{") ? "application/json" : "text/plain");
              requests++;
              String problem = problem(route, response);
              if (problem != null) {
                failures.add(
                    route.method()
                        + " "
                        + path
                        + " body "
                        + JSON.writeValueAsString(body)
                        + ": "
                        + problem);
              }
            }
          }
        }
      }
    }
    assertThat(requests).isGreaterThan(500);
    assertThat(failures).isEmpty();
  }

  @Test
  void unknownRoutesAndMethodsAreJsonNotFound() throws Exception {
    for (String[] request :
        new String[][] {
          {"GET", "/api/nothing/here"},
          {"PUT", "/api/models"},
          {"DELETE", "/api/whoami-v2"},
          {"POST", "/api/models/alice/model/nothing/main"}
        }) {
      HttpResponse<String> response = http.send(request[0], request[1], token, "{}");
      assertThat(response.statusCode()).as(request[1]).isIn(404, 405);
      assertJsonError(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("X-Error-Code").orElse(null),
          response.body());
    }
  }

  @Test
  void jettyLevelRefusalsAreJsonErrorsWithTheirCodes() throws Exception {
    int port = hub.server().port();
    RawHttp.Answer longUri =
        RawHttp.send(
            port, "GET /api/models?search=" + "x".repeat(20_000) + " HTTP/1.1", new byte[0]);
    assertJson(longUri, 414, "UriTooLong");
    RawHttp.Answer bigHeader =
        RawHttp.send(port, "GET /api/models HTTP/1.1\r\nX-Big: " + "y".repeat(20_000), new byte[0]);
    assertJson(bigHeader, 431, "RequestHeaderFieldsTooLarge");
    RawHttp.Answer badEscape =
        RawHttp.send(port, "GET /api/models/alice/%zz HTTP/1.1", new byte[0]);
    assertJson(badEscape, 400, "BadRequest");
    RawHttp.Answer badVersion = RawHttp.send(port, "GET /api/models HTTP/7.3", new byte[0]);
    assertThat(badVersion.status()).isBetween(400, 505);
    assertThat(badVersion.body()).doesNotContain("<html", "Exception");
  }

  @Test
  void javalinsBodyLimitIsAJsonPayloadTooLarge() throws Exception {
    byte[] body = ("{\"name\":\"" + "n".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer answer =
        RawHttp.send(
            hub.server().port(),
            "POST /api/repos/create HTTP/1.1\r\n"
                + "Authorization: Bearer "
                + token
                + "\r\nContent-Type: application/json",
            body);

    assertJson(answer, 413, "PayloadTooLarge");
  }

  private static void assertJson(RawHttp.Answer answer, int status, String code)
      throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("X-Error-Code")).isEqualTo(code);
    assertThat(answer.header("X-Request-Id")).isNotBlank();
    assertJsonError(status, answer.header("Content-Type"), code, answer.body());
  }

  private static void assertJsonError(int status, String contentType, String code, String body)
      throws IOException {
    assertThat(contentType).as("status %d: %s", status, body).startsWith("application/json");
    assertThat(code).isNotBlank();
    assertThat(JSON.readTree(body).path("error").isTextual()).as(body).isTrue();
  }

  /** Why {@code response} breaks the rules, or null. */
  private static String problem(ApiRoute route, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 500) {
      return "status " + status + ": " + response.body();
    }
    if (response.body().contains("Exception") || response.body().contains("at dev.evalhub")) {
      return "a stack trace: " + response.body();
    }
    if (status < 400 || !isApi(route.path())) {
      return null;
    }
    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
        || response.headers().firstValue("X-Error-Code").isEmpty()
        || response.headers().firstValue("X-Request-Id").isEmpty()) {
      return "status "
          + status
          + " without the JSON error shape: "
          + response.headers().map()
          + " "
          + response.body();
    }
    if (route.method().name().equals("HEAD")) {
      return null;
    }
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      return error.isTextual() ? null : "no error field: " + response.body();
    } catch (IOException e) {
      return "not JSON: " + response.body();
    }
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api")
        || path.startsWith("/.well-known")
        || path.contains("/resolve/")
        || path.contains("/raw/")
        || path.equals("/health");
  }

  /** The route's path with its parameters filled in: a few concrete paths for each. */
  private static List<String> concrete(String pattern, String repo) {
    String ns = repo.substring(0, repo.indexOf('/'));
    String name = repo.substring(repo.indexOf('/') + 1);
    List<String> paths = new ArrayList<>();
    for (String tail : List.of("main/README.md", "main", "nothing/x", "main/.git/config")) {
      for (String num : List.of("1", "x")) {
        paths.add(
            pattern
                .replace("{type}", "models")
                .replace("{ns}", ns)
                .replace("{name}", name)
                .replace("{num}", num)
                .replace("{action}", "merge")
                .replace("<tail>", tail)
                .replaceAll("\\{[a-z]+}", "x"));
      }
    }
    return paths.stream().distinct().toList();
  }
}
