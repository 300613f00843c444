package dev.evalhub.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP requests to a test hub, with an optional bearer token, answered as strings. */
final class HubHttp {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  HubHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  HttpResponse<String> send(
      String method, String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, token, null, headers);
  }
}
