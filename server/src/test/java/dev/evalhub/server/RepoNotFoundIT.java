package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.http.HttpResponse;
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
 * Every repository-scoped route answers a repository that does not exist and a private one the
 * caller cannot see identically (status, body, {@code X-Error-Code}), and an API 404 for either is
 * {@code RepoNotFound}, the code the official clients turn into their not-found error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class RepoNotFoundIT {

  private static final String PRIVATE = "alice/secret";
  private static final String MISSING = "alice/absent";

  @TempDir static Path temp;
  private TestHub hub;
  private HubHttp http;
  private String bob;

  @BeforeAll
  void start() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo(PRIVATE, true)
            .repo("datasets/" + PRIVATE, true);
    bob = hub.token("bob", Role.WRITE);
    http = new HubHttp(hub.baseUrl());
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void everyRepositoryRouteAnswersAPrivateRepositoryExactlyLikeAMissingOne() throws Exception {
    List<String> differences = new ArrayList<>();
    List<String> notRepoNotFound = new ArrayList<>();
    int repoNotFound = 0;
    for (ApiRoute route : hub.server().allRoutes()) {
      if (!route.path().contains("{ns}/{name}")) {
        continue;
      }
      for (String type :
          route.path().contains("{type}") ? List.of("models", "datasets") : List.of("")) {
        for (String token : new String[] {null, bob}) {
          HttpResponse<String> hidden = send(route, type, PRIVATE, token);
          HttpResponse<String> missing = send(route, type, MISSING, token);
          String what =
              route.method()
                  + " "
                  + route.path()
                  + " ("
                  + type
                  + ", "
                  + (token == null ? "anonymous" : "bob")
                  + ")";
          if (!answer(hidden, PRIVATE).equals(answer(missing, MISSING))) {
            differences.add(
                what
                    + ":\n  private: "
                    + answer(hidden, PRIVATE)
                    + "\n  missing: "
                    + answer(missing, MISSING));
          }
          boolean api =
              route.path().startsWith("/api")
                  || route.path().contains("/resolve/")
                  || route.path().contains("/raw/");
          if (api && missing.statusCode() == 404) {
            if (missing.headers().firstValue("X-Error-Code").orElse("").equals("RepoNotFound")) {
              repoNotFound++;
            } else {
              notRepoNotFound.add(what + ": " + missing.headers().firstValue("X-Error-Code"));
            }
          }
        }
      }
    }
    assertThat(differences).isEmpty();
    assertThat(notRepoNotFound).isEmpty();
    assertThat(repoNotFound).as("API routes that answered RepoNotFound").isGreaterThan(30);
  }

  @Test
  void gitAnswersAPrivateRepositoryExactlyLikeAMissingOne() throws Exception {
    for (String service : new String[] {"git-upload-pack", "git-receive-pack"}) {
      HttpResponse<String> hidden =
          http.get("/" + PRIVATE + ".git/info/refs?service=" + service, bob);
      HttpResponse<String> missing =
          http.get("/" + MISSING + ".git/info/refs?service=" + service, bob);

      assertThat(answer(hidden, PRIVATE)).isEqualTo(answer(missing, MISSING));
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
    }
  }

  private HttpResponse<String> send(ApiRoute route, String type, String repo, String token)
      throws Exception {
    String ns = repo.substring(0, repo.indexOf('/'));
    String name = repo.substring(repo.indexOf('/') + 1);
    String path =
        route
            .path()
            .replace("{type}", type)
            .replace("{ns}", ns)
            .replace("{name}", name)
            .replace("{num}", "1")
            .replace("<tail>", "main/README.md")
            .replaceAll("\\{[a-z]+}", "x");
    String method = route.method().name();
    String body =
        List.of("GET", "HEAD").contains(method)
            ? null
            : route.path().contains("/commit/")
                ? "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
                : "{\"title\":\"t\",\"comment\":\"c\",\"status\":\"closed\",\"paths\":[\"README.md\"],"
                    + "\"files\":[{\"path\":\"a\",\"size\":1,\"sample\":\"\"}]}";
    return http.send(method, path, token, body, "Content-Type", "application/json");
  }

  /**
   * What a caller sees, with the repository's name (the one thing the caller sent that differs)
   * blotted out.
   */
  private static String answer(HttpResponse<String> response, String repo) {
    return response.statusCode()
        + " "
        + response.headers().firstValue("X-Error-Code").orElse("-")
        + " "
        + response.headers().firstValue("X-Error-Message").orElse("-").replace(repo, "REPO")
        + " "
        + response.body().replace(repo, "REPO");
  }
}
