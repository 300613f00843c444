package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI description lists exactly the routes the server registers. */
class OpenApiIT {

  @TempDir Path temp;

  @Test
  void everyRegisteredRouteIsDescribedAndNothingElse() throws Exception {
    try (TestHub hub = new TestHub(temp.resolve("data"))) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(hub.baseUrl() + "/api/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode paths = new ObjectMapper().readTree(response.body()).get("paths");
      Set<String> described = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> path = it.next();
        path.getValue().fieldNames().forEachRemaining(method -> described.add(method.toUpperCase(Locale.ROOT)
            + " " + path.getKey()));
      }
      Set<String> registered = new HashSet<>();
      hub.server().routes().forEach(route -> registered.add(route.method().name().toUpperCase(Locale.ROOT) + " "
          + route.path()));

      assertThat(described).isEqualTo(registered);
    }
  }
}
