package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.server.ApiDoc;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 description of the API, generated from the route table: one operation per
 * documented route (its path parameters from the path, described by {@link #PATH_PARAMETERS}; the
 * rest from its {@link ApiDoc}), on top of the class-path resource {@link #BASE}, which holds the
 * {@code openapi} version, the {@code info} and the named schemas ({@code components.schemas}) that
 * the routes reference. Stateless.
 */
public final class OpenApi {

  /** The class-path resource with everything but the paths. */
  public static final String BASE = "/dev/evalhub/server/openapi-base.json";

  /** What each path parameter of a documented route means; a documented path may use only these. */
  static final Map<String, String> PATH_PARAMETERS =
      Map.of(
          "type", "models or datasets",
          "ns", "namespace (user or organisation)",
          "name", "repository name",
          "num", "discussion or pull request number",
          "id", "evaluation job id (16 hexadecimal digits)");

  private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

  private OpenApi() {}

  /**
   * The description of the documented routes of {@code routes}, as JSON. A documented path with a
   * parameter that matches slashes ({@code <tail>}), an unknown path parameter or a method and path
   * documented twice is refused ({@link IllegalArgumentException}).
   */
  public static byte[] document(List<ApiRoute> routes) {
    ObjectNode base = base();
    ObjectNode document = Json.mapper().createObjectNode();
    document.set("openapi", base.get("openapi"));
    document.set("info", base.get("info"));
    ObjectNode paths = document.putObject("paths");
    for (ApiRoute route : routes) {
      if (!route.documented()) {
        continue;
      }
      if (route.path().contains("<")) {
        throw new IllegalArgumentException(
            "OpenAPI cannot describe " + route.path() + ": no parameter matches /");
      }
      ObjectNode item =
          paths.has(route.path())
              ? (ObjectNode) paths.get(route.path())
              : paths.putObject(route.path());
      String method = route.method().name().toLowerCase(Locale.ROOT);
      if (item.has(method)) {
        throw new IllegalArgumentException(
            route.method() + " " + route.path() + " is documented twice");
      }
      item.set(method, operation(route.path(), route.doc().orElseThrow()));
    }
    document.set("components", base.get("components"));
    return Json.bytes(document);
  }

  private static ObjectNode operation(String path, ApiDoc doc) {
    ObjectNode operation = Json.mapper().createObjectNode();
    operation.put("summary", doc.summary());
    ArrayNode parameters = Json.mapper().createArrayNode();
    Matcher matcher = PARAMETER.matcher(path);
    while (matcher.find()) {
      String name = matcher.group(1);
      String description = PATH_PARAMETERS.get(name);
      if (description == null) {
        throw new IllegalArgumentException(
            "the path parameter {" + name + "} of " + path + " has no description");
      }
      parameters.add(parameter(name, "path", true, description, ApiDoc.Schema.STRING));
    }
    doc.query()
        .forEach(
            p ->
                parameters.add(
                    parameter(p.name(), "query", p.required(), p.description(), p.schema())));
    doc.headers()
        .forEach(
            p ->
                parameters.add(
                    parameter(p.name(), "header", p.required(), p.description(), p.schema())));
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    doc.body()
        .ifPresent(
            body -> {
              ObjectNode requestBody = operation.putObject("requestBody");
              requestBody.put("required", true);
              requestBody
                  .putObject("content")
                  .putObject(body.mediaType())
                  .set("schema", schema(body.schema()));
            });
    ObjectNode responses = operation.putObject("responses");
    for (ApiDoc.Response response : doc.responses()) {
      response(responses, response);
    }
    if (!responses.has("503") && !OverloadHandler.isExempt(path)) {
      response(responses, OVERLOADED);
    }
    return operation;
  }

  /**
   * The answer of every route the overload limits cover (all but the health and metrics routes):
   * 503 with {@code Retry-After}, in the error shape.
   */
  static final ApiDoc.Response OVERLOADED =
      new ApiDoc.Response(
          503,
          "the server is busy (past its overload limits); nothing was done, ask again after"
              + " Retry-After",
          ApiDoc.JSON,
          ApiDoc.Schema.ref("Error"),
          Map.of("Retry-After", "seconds to wait before asking again"));

  private static void response(ObjectNode responses, ApiDoc.Response response) {
    ObjectNode answer = responses.putObject(Integer.toString(response.status()));
    answer.put("description", response.description());
    if (!response.headers().isEmpty()) {
      ObjectNode headers = answer.putObject("headers");
      response
          .headers()
          .forEach(
              (name, description) -> {
                ObjectNode header = headers.putObject(name);
                header.put("description", description);
                header.putObject("schema").put("type", "string");
              });
    }
    if (response.hasBody()) {
      answer
          .putObject("content")
          .putObject(response.mediaType())
          .set("schema", schema(response.schema()));
    }
  }

  private static ObjectNode parameter(
      String name, String in, boolean required, String description, ApiDoc.Schema schema) {
    ObjectNode parameter = Json.mapper().createObjectNode();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("required", required);
    parameter.put("description", description);
    parameter.set("schema", schema(schema));
    return parameter;
  }

  private static JsonNode schema(ApiDoc.Schema schema) {
    return Json.mapper().valueToTree(schema.json());
  }

  private static ObjectNode base() {
    try (InputStream in = OpenApi.class.getResourceAsStream(BASE)) {
      return (ObjectNode) Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
