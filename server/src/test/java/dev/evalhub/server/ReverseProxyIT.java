package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a reverse proxy, the URLs the API hands out use the scheme and host the client used. */
class ReverseProxyIT {

  @TempDir Path temp;

  @Test
  void urlsInAnswersFollowTheForwardedSchemeAndHost() throws Exception {
    try (TestHub hub = new TestHub(temp.resolve("data")).user("alice")) {
      HttpResponse<String> response =
          new HubHttp(hub.baseUrl())
              .send(
                  "POST",
                  "/api/repos/create",
                  hub.token("alice", Role.WRITE),
                  "{\"name\":\"proxied\"}",
                  "Content-Type",
                  "application/json",
                  "X-Forwarded-Proto",
                  "https",
                  "X-Forwarded-Host",
                  "hub.example.org",
                  "X-Forwarded-For",
                  "203.0.113.9");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("\"url\":\"https://hub.example.org/alice/proxied\"");
    }
  }
}
