package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path git refuses is a 400 naming the path, on every channel that takes a path: the commit
 * API's files and deletions, preupload, paths-info, tree listings and file downloads. Nothing is
 * committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class BadPathsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  private TestHub hub;
  private HubHttp http;
  private String token;

  static List<String> badPaths() {
    return List.of(
        "a\u0000b",
        ".git/config",
        ".git./config",
        ".git /config",
        "git~1/config",
        "GIT~1/config",
        ".GIT/config",
        ".Git/hooks/x",
        "dir/.git/config",
        ".git",
        "a/../b",
        "..",
        "./a",
        "a/.",
        "a//b",
        "a/",
        "/a",
        "a\u0001b",
        "a\nb",
        "a\u007fb",
        ".g\u200cit/config",
        ".git\u200d/config",
        "a/" + "x".repeat(5000));
  }

  @BeforeAll
  void start() {
    hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/model", false);
    token = hub.token("alice", Role.WRITE);
    http = new HubHttp(hub.baseUrl());
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void commitApiRefusesTheFileNamingItsPath(String path) throws Exception {
    String head = head();
    HttpResponse<String> response =
        commit(
            Map.of(
                "key",
                "file",
                "value",
                Map.of(
                    "path", path, "content", Base64.getEncoder().encodeToString("x".getBytes()))));

    assertBadPath(response, path, true);
    assertThat(head()).isEqualTo(head);
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void commitApiRefusesTheDeletionNamingItsPath(String path) throws Exception {
    assertBadPath(commit(Map.of("key", "deletedFile", "value", Map.of("path", path))), path, true);
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void preuploadRefusesThePath(String path) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("files", List.of(Map.of("path", path, "size", 1, "sample", ""))));
    assertBadPath(
        http.send(
            "POST",
            "/api/models/alice/model/preupload/main",
            token,
            body,
            "Content-Type",
            "application/json"),
        path,
        true);
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void pathsInfoRefusesThePath(String path) throws Exception {
    String body = JSON.writeValueAsString(Map.of("paths", List.of("README.md", path)));
    assertBadPath(
        http.send(
            "POST",
            "/api/models/alice/model/paths-info/main",
            token,
            body,
            "Content-Type",
            "application/json"),
        path,
        true);
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void downloadsAndListingsRefuseThePath(String path) throws Exception {
    String url = encodeSegments(path);
    for (String route :
        List.of(
            "/alice/model/resolve/main/",
            "/alice/model/raw/main/",
            "/api/models/alice/model/tree/main/")) {
      // A path that is empty once slashes are cut (".." and "/a" fold away in a URL) names the root
      // instead.
      HttpResponse<String> response = http.get(route + url, token);
      assertBadPath(response, path, false);
    }
  }

  private void assertBadPath(HttpResponse<String> response, String path, boolean namesPath)
      throws Exception {
    assertThat(response.statusCode()).as("%s: %s", printable(path), response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("X-Error-Code")).hasValue("BadRequest");
    String error = JSON.readTree(response.body()).path("error").asText();
    // In a URL, Jetty itself refuses some (a "..", an empty segment) before the hub sees the path:
    // 400 as well.
    if (namesPath) {
      assertThat(error)
          .contains("invalid file path")
          .contains(printable(path).substring(0, Math.min(200, printable(path).length())));
    }
  }

  /** The path as the hub prints it: control characters as {@code \\uXXXX}. */
  private static String printable(String path) {
    return path.chars()
        .mapToObj(
            c -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c))
        .collect(Collectors.joining());
  }

  private static String encodeSegments(String path) {
    return Arrays.stream(path.split("/", -1))
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
  }

  private HttpResponse<String> commit(Map<String, Object> line) throws Exception {
    String body =
        "{\"key\":\"header\",\"value\":{\"summary\":\"bad path\"}}\n"
            + JSON.writeValueAsString(line)
            + "\n";
    return http.send(
        "POST",
        "/api/models/alice/model/commit/main",
        token,
        body,
        "Content-Type",
        "application/x-ndjson");
  }

  private String head() throws Exception {
    return JSON.readTree(http.get("/api/models/alice/model", token).body()).path("sha").asText();
  }
}
