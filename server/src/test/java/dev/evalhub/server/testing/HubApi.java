package dev.evalhub.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A small HTTP client of a test hub's API: JSON in and out, with an optional Bearer token (null:
 * anonymous). Failures to connect are {@link IllegalStateException}s; any status is a {@link
 * Response}. Thread-safe.
 */
public final class HubApi {

  /** A response: its status and body, parsed as JSON when it is JSON. */
  public record Response(int status, String body) {

    /** The body as JSON; an {@link AssertionError} when it is not JSON. */
    public JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  /** A client of the hub at {@code baseUrl} ({@code http://host:port}). */
  public HubApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** GET {@code path}. */
  public Response get(String path, String token) {
    return send(builder(path, token).GET(), token);
  }

  /** POST {@code json} to {@code path}. */
  public Response post(String path, String token, String json) {
    return post(path, token, "application/json", json);
  }

  /** POST {@code body} of {@code contentType} to {@code path}. */
  public Response post(String path, String token, String contentType, String body) {
    return send(
        builder(path, token)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  /** POST with an empty body to {@code path}. */
  public Response post(String path, String token) {
    return send(builder(path, token).POST(HttpRequest.BodyPublishers.noBody()), token);
  }

  /** PATCH {@code path} with {@code json}. */
  public Response patch(String path, String token, String json) {
    return send(
        builder(path, token)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)),
        token);
  }

  private HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request, String token) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
