package dev.evalhub.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the OpenAPI description says of one documented route: a summary, the query parameters (path
 * parameters come from the route's path), the request headers it reads, the request body and the
 * responses, each with a schema (none for an answer without a body) and the headers it sends.
 * Schemas are inline JSON Schema values or references to the named schemas of the description's
 * resource ({@code openapi-base.json}, under {@code components.schemas}). Built with the {@code
 * with...} methods, each of which returns a new value. Immutable.
 */
public record ApiDoc(
    String summary,
    List<Param> query,
    List<Param> headers,
    Optional<Body> body,
    List<Response> responses) {

  /** The content type of every JSON body. */
  public static final String JSON = "application/json";

  public ApiDoc {
    Objects.requireNonNull(summary, "summary");
    query = List.copyOf(query);
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    responses = List.copyOf(responses);
  }

  /** A route described by {@code summary} alone, so far. */
  public static ApiDoc of(String summary) {
    return new ApiDoc(summary, List.of(), List.of(), Optional.empty(), List.of());
  }

  /** This with a query parameter. */
  public ApiDoc withQuery(String name, boolean required, String description, Schema schema) {
    List<Param> more = new ArrayList<>(query);
    more.add(new Param(name, required, description, schema));
    return new ApiDoc(summary, more, headers, body, responses);
  }

  /** This with an optional request header the route reads ({@code If-None-Match}, ...). */
  public ApiDoc withRequestHeader(String name, String description) {
    List<Param> more = new ArrayList<>(headers);
    more.add(new Param(name, false, description, Schema.STRING));
    return new ApiDoc(summary, query, more, body, responses);
  }

  /** This with a required request body of {@code mediaType}. */
  public ApiDoc withBody(String mediaType, Schema schema) {
    return new ApiDoc(summary, query, headers, Optional.of(new Body(mediaType, schema)), responses);
  }

  /** This with a 200 answer: JSON of {@code schema}. */
  public ApiDoc withOk(String description, Schema schema) {
    return withOk(description, JSON, schema);
  }

  /** This with a 200 answer of {@code mediaType} (a file to download, an image). */
  public ApiDoc withOk(String description, String mediaType, Schema schema) {
    return with(new Response(200, description, mediaType, schema, Map.of()));
  }

  /** This with an answer of {@code status} without a body (a 304), sending {@code headers}. */
  public ApiDoc withEmptyAnswer(int status, String description, Map<String, String> headers) {
    return with(new Response(status, description, "", Schema.STRING, headers));
  }

  /**
   * This with {@code headers} (name to what it says) added to every answer of {@code status}
   * declared so far.
   *
   * @throws IllegalArgumentException when no answer of {@code status} is declared
   */
  public ApiDoc withResponseHeaders(int status, Map<String, String> added) {
    List<Response> more = new ArrayList<>();
    boolean found = false;
    for (Response response : responses) {
      if (response.status() == status) {
        Map<String, String> all = new TreeMap<>(response.headers());
        all.putAll(added);
        more.add(
            new Response(
                status, response.description(), response.mediaType(), response.schema(), all));
        found = true;
      } else {
        more.add(response);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no answer of status " + status + " to add headers to");
    }
    return new ApiDoc(summary, query, headers, body, more);
  }

  /** This with an answer of {@code status} other than an error object (a 503 that says why). */
  public ApiDoc withAnswer(int status, String description, Schema schema) {
    return with(new Response(status, description, JSON, schema, Map.of()));
  }

  /** This with error answers of these statuses, each the {@code {"error": ...}} object. */
  public ApiDoc withErrors(int... statuses) {
    ApiDoc doc = this;
    for (int status : statuses) {
      doc = doc.with(new Response(status, "error", JSON, Schema.ref("Error"), Map.of()));
    }
    return doc;
  }

  private ApiDoc with(Response response) {
    List<Response> more = new ArrayList<>(responses);
    more.add(response);
    return new ApiDoc(summary, query, headers, body, more);
  }

  /** A query parameter. */
  public record Param(String name, boolean required, String description, Schema schema) {
    public Param {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /** A required request body. */
  public record Body(String mediaType, Schema schema) {
    public Body {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /**
   * An answer: its HTTP status, a description, its media type and the schema of its body ({@code
   * mediaType} empty: no body, the schema unused), and the headers it sends (name to what it says).
   */
  public record Response(
      int status,
      String description,
      String mediaType,
      Schema schema,
      Map<String, String> headers) {
    public Response {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(schema, "schema");
      headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    /** Whether the answer has a body. */
    public boolean hasBody() {
      return !mediaType.isEmpty();
    }
  }

  /** A JSON Schema value as the description writes it (maps, lists and strings). */
  public record Schema(Map<String, Object> json) {

    public static final Schema STRING = new Schema(Map.of("type", "string"));
    public static final Schema BOOLEAN = new Schema(Map.of("type", "boolean"));
    public static final Schema INTEGER = new Schema(Map.of("type", "integer"));

    /** Any JSON object. */
    public static final Schema OBJECT = new Schema(Map.of("type", "object"));

    /** An array of JSON objects. */
    public static final Schema OBJECTS = arrayOf(OBJECT);

    /** Any bytes. */
    public static final Schema BINARY = new Schema(Map.of("type", "string", "format", "binary"));

    public Schema {
      // Sorted: the description's keys come in one order on every run.
      json = Collections.unmodifiableMap(new TreeMap<>(json));
    }

    /** The schema named {@code name} in the description's {@code components.schemas}. */
    public static Schema ref(String name) {
      return new Schema(Map.of("$ref", "#/components/schemas/" + name));
    }

    /** An array of {@code items}. */
    public static Schema arrayOf(Schema items) {
      return new Schema(Map.of("type", "array", "items", items.json()));
    }
  }
}
