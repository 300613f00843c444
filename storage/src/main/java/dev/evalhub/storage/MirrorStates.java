package dev.evalhub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The refresh state of each mirror, {@code DATA/mirrors/<id>/state.json}: operational, not a fact
 * (like the webhooks' cursor); losing it costs one refresh that finds everything up to date.
 * Written whole to a temporary file and moved into place. Thread-safe.
 */
public final class MirrorStates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  MirrorStates(Path root) {
    this.root = root;
  }

  /** The state of mirror {@code id}; {@link MirrorState#NEW} when it was never refreshed. */
  public synchronized MirrorState get(String id) {
    if (!Mirror.isId(id)) {
      return MirrorState.NEW;
    }
    Path file = root.resolve(id).resolve("state.json");
    if (!Files.isRegularFile(file)) {
      return MirrorState.NEW;
    }
    try {
      return parse(JSON.readTree(file.toFile()));
    } catch (IOException | RuntimeException e) {
      // A damaged state file is operational state: the next refresh writes it again.
      return MirrorState.NEW;
    }
  }

  /** Records {@code state} as mirror {@code id}'s. */
  public synchronized void put(String id, MirrorState state) {
    if (!Mirror.isId(id)) {
      throw new IllegalArgumentException("not a mirror id: " + id);
    }
    Path dir = root.resolve(id);
    try {
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, "state", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), json(state));
      Files.move(
          temporary,
          dir.resolve("state.json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("cannot write the state of mirror " + id, e);
    }
  }

  private static ObjectNode json(MirrorState state) {
    ObjectNode json = JSON.createObjectNode();
    state.lastAttempt().ifPresent(t -> json.put("lastAttempt", t.toString()));
    state.lastSuccess().ifPresent(t -> json.put("lastSuccess", t.toString()));
    json.put("refreshes", state.refreshes());
    json.put("failures", state.failures());
    ArrayNode repos = json.putArray("repositories");
    for (MirrorState.RepoState repo : state.repositories()) {
      ObjectNode node = repos.addObject();
      node.put("repo", repo.repo().urlPath());
      repo.sourceRevision().ifPresent(v -> node.put("sourceRevision", v));
      repo.localRevision().ifPresent(v -> node.put("localRevision", v));
      repo.lastChange().ifPresent(v -> node.put("lastChange", v.toString()));
      repo.problem().ifPresent(v -> node.put("problem", v));
      repo.replaced().ifPresent(v -> node.put("replaced", v));
    }
    return json;
  }

  private static MirrorState parse(JsonNode json) {
    List<MirrorState.RepoState> repos = new ArrayList<>();
    for (JsonNode node : json.path("repositories")) {
      repos.add(
          new MirrorState.RepoState(
              RepoId.parsePath(node.path("repo").asText()).orElseThrow(),
              text(node, "sourceRevision"),
              text(node, "localRevision"),
              text(node, "lastChange").map(Instant::parse),
              text(node, "problem"),
              text(node, "replaced")));
    }
    return new MirrorState(
        text(json, "lastAttempt").map(Instant::parse),
        text(json, "lastSuccess").map(Instant::parse),
        json.path("refreshes").asLong(),
        json.path("failures").asLong(),
        repos);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
