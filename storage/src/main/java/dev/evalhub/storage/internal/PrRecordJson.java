package dev.evalhub.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code pull-request.json} file of a record commit: the whole record, pretty-printed so that
 * {@code git log -p} on the record ref reads as a changelog. The head is not stored (it is {@code
 * refs/pr/N}). A flag (issue 14) adds {@code "kind": "flag"} and a {@code flag} object: {@code
 * category}, {@code target} ({@code file}, {@code dataset}, {@code taskId}, {@code notes}, {@code
 * sha256}), {@code links}, and once resolved {@code resolution}, {@code resolvedBy}, {@code
 * resolved}; records without {@code kind} are discussions or pull requests as before. Stateless.
 */
public final class PrRecordJson {

  /** The one file of a record commit's tree. */
  public static final String FILE = "pull-request.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PrRecordJson() {}

  public static byte[] write(PullRequest pr) {
    ObjectNode root = JSON.createObjectNode();
    root.put("num", pr.number().value());
    root.put("title", pr.title());
    root.put("description", pr.description());
    root.put("author", pr.author());
    root.put("status", pr.status().id());
    root.put("isPullRequest", pr.isPullRequest());
    root.put("created", pr.created().toString());
    root.put("updated", pr.updated().toString());
    pr.flag().ifPresent(flag -> writeFlag(root, flag));
    ArrayNode events = root.putArray("events");
    for (PrEvent e : pr.events()) {
      ObjectNode event = events.addObject();
      event.put("type", e.kind().id());
      event.put("author", e.actor());
      event.put("time", e.time().toString());
      putIfNotEmpty(event, "text", e.text());
      putIfNotEmpty(event, "oldId", e.oldId());
      putIfNotEmpty(event, "newId", e.newId());
      e.status().ifPresent(s -> event.put("status", s.id()));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new StorageException("cannot write a pull request record", e);
    }
  }

  public static PullRequest read(byte[] bytes) {
    try {
      JsonNode root = JSON.readTree(bytes);
      List<PrEvent> events = new ArrayList<>();
      for (JsonNode e : root.path("events")) {
        PrEvent.Kind kind =
            PrEvent.Kind.fromId(e.path("type").asText())
                .orElseThrow(
                    () -> new StorageException("unknown event type " + e.path("type"), null));
        Optional<PrStatus> status =
            kind == PrEvent.Kind.STATUS_CHANGE
                ? Optional.of(status(e.path("status").asText()))
                : Optional.empty();
        events.add(
            new PrEvent(
                kind,
                e.path("author").asText(),
                Instant.parse(e.path("time").asText()),
                e.path("text").asText(""),
                e.path("oldId").asText(""),
                e.path("newId").asText(""),
                status));
      }
      return new PullRequest(
          new PrNumber(root.path("num").asInt()),
          root.path("title").asText(),
          root.path("description").asText(""),
          root.path("author").asText(),
          status(root.path("status").asText()),
          root.path("isPullRequest").asBoolean(),
          Instant.parse(root.path("created").asText()),
          Instant.parse(root.path("updated").asText()),
          events,
          Optional.empty(),
          root.path("kind").asText("").equals(PullRequest.Kind.FLAG.id())
              ? Optional.of(readFlag(root.path("flag")))
              : Optional.empty());
    } catch (IOException | RuntimeException e) {
      throw new StorageException("corrupt pull request record: " + e.getMessage(), e);
    }
  }

  private static void writeFlag(ObjectNode root, Flag flag) {
    root.put("kind", PullRequest.Kind.FLAG.id());
    ObjectNode node = root.putObject("flag");
    node.put("category", flag.category().id());
    ObjectNode target = node.putObject("target");
    target.put("file", flag.target().file());
    target.put("dataset", flag.target().datasetId());
    target.put("taskId", flag.target().taskId());
    target.put("notes", flag.target().notes());
    target.put("sha256", flag.target().entrySha256());
    ArrayNode links = node.putArray("links");
    flag.links().forEach(links::add);
    flag.resolution()
        .ifPresent(
            r -> {
              node.put("resolution", r.outcome().id());
              node.put("resolvedBy", r.account());
              node.put("resolved", r.time().toString());
            });
  }

  private static Flag readFlag(JsonNode node) {
    FlagCategory category =
        FlagCategory.fromId(node.path("category").asText())
            .orElseThrow(
                () -> new StorageException("unknown flag category " + node.path("category"), null));
    JsonNode target = node.path("target");
    List<String> links = new ArrayList<>();
    node.path("links").forEach(link -> links.add(link.asText()));
    Optional<Flag.Resolution> resolution =
        node.hasNonNull("resolution")
            ? Optional.of(
                new Flag.Resolution(
                    FlagStatus.fromId(node.path("resolution").asText())
                        .orElseThrow(
                            () ->
                                new StorageException(
                                    "unknown flag resolution " + node.path("resolution"), null)),
                    node.path("resolvedBy").asText(),
                    Instant.parse(node.path("resolved").asText())))
            : Optional.empty();
    return new Flag(
        category,
        new FlagTarget(
            target.path("file").asText(),
            target.path("dataset").asText(),
            target.path("taskId").asText(),
            target.path("notes").asText(""),
            target.path("sha256").asText("")),
        links,
        resolution);
  }

  private static PrStatus status(String id) {
    return PrStatus.fromId(id)
        .orElseThrow(() -> new StorageException("unknown status \"" + id + "\"", null));
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }
}
