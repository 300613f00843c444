package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.server.ApiDoc;
import dev.evalhub.server.ApiDoc.Schema;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.server.Json;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiTest {

  private static final Handler NOTHING = ctx -> {};

  private static JsonNode describe(ApiRoute... routes) throws Exception {
    return Json.mapper().readTree(OpenApi.document(List.of(routes)));
  }

  @Test
  void describesDocumentedRoutesOnly() throws Exception {
    JsonNode document =
        describe(
            ApiRoute.documented(
                HandlerType.GET, "/api/x", NOTHING, ApiDoc.of("X").withOk("x", Schema.OBJECT)),
            new ApiRoute(HandlerType.GET, "/api/hidden", NOTHING));

    assertThat(document.get("paths").fieldNames()).toIterable().containsExactly("/api/x");
    assertThat(document.at("/paths/~1api~1x/get/summary").asText()).isEqualTo("X");
    assertThat(
            document
                .at("/paths/~1api~1x/get/responses/200/content/application~1json/schema/type")
                .asText())
        .isEqualTo("object");
    assertThat(document.get("components").get("schemas").has("Error")).isTrue();
  }

  @Test
  void pathParametersComeFromThePathThenQueryParametersFromTheDoc() throws Exception {
    JsonNode document =
        describe(
            ApiRoute.documented(
                HandlerType.GET,
                "/api/datasets/{ns}/{name}/leaderboard",
                NOTHING,
                ApiDoc.of("L").withQuery("limit", false, "rows", Schema.INTEGER).withErrors(404)));

    JsonNode operation = document.at("/paths/~1api~1datasets~1{ns}~1{name}~1leaderboard/get");
    assertThat(operation.get("parameters").findValuesAsText("name"))
        .containsExactly("ns", "name", "limit");
    assertThat(operation.get("parameters").get(0).get("in").asText()).isEqualTo("path");
    assertThat(operation.get("parameters").get(0).get("required").asBoolean()).isTrue();
    assertThat(operation.get("parameters").get(2).get("in").asText()).isEqualTo("query");
    assertThat(operation.at("/responses/404/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/Error");
  }

  @Test
  void refusesWhatOpenApiCannotSay() {
    ApiDoc doc = ApiDoc.of("x");
    assertThatThrownBy(
            () -> describe(ApiRoute.documented(HandlerType.GET, "/api/x/<tail>", NOTHING, doc)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<tail>");
    assertThatThrownBy(
            () -> describe(ApiRoute.documented(HandlerType.GET, "/api/{what}", NOTHING, doc)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{what}");
    assertThatThrownBy(
            () ->
                describe(
                    ApiRoute.documented(HandlerType.GET, "/api/x", NOTHING, doc),
                    ApiRoute.documented(HandlerType.GET, "/api/x", NOTHING, doc)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void theOpenApiCheckCatchesADocumentThatIsNotOpenApi() {
    String valid =
        new String(
            OpenApi.document(
                List.of(
                    ApiRoute.documented(
                        HandlerType.GET,
                        "/api/x",
                        NOTHING,
                        ApiDoc.of("X").withOk("x", Schema.OBJECT)))),
            StandardCharsets.UTF_8);
    String broken = valid.replace("\"description\":\"x\"", "\"describe\":\"x\"");

    assertThat(new OpenAPIV3Parser().readContents(valid, null, null).getMessages()).isEmpty();
    assertThat(broken).isNotEqualTo(valid);
    assertThat(new OpenAPIV3Parser().readContents(broken, null, null).getMessages()).isNotEmpty();
  }
}
