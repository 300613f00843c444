package dev.evalhub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.webhook.DeliveryAttempt;
import dev.evalhub.domain.webhook.PendingDelivery;
import dev.evalhub.domain.webhook.Webhook;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The webhooks' operational state, in files under {@code DATA/webhooks/} (derived from the event
 * log and the records, never a durable fact of its own): {@code cursor}, the sequence number of the
 * last ref event whose deliveries are queued; {@code pending/<delivery id>.json}, one file per
 * delivery not yet done; {@code log/<webhook id>.jsonl}, the last {@link #LOG_SIZE} attempts of
 * each webhook. Every file is written whole to a temporary file, forced to disk and renamed over
 * the old one, and the folder forced, so that a crash leaves the old or the new file, never a part.
 * Thread-safe (one process writes: the server's delivery worker).
 */
public final class WebhookQueue {

  /** The attempts a webhook's delivery log keeps. */
  public static final int LOG_SIZE = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path pending;
  private final Path logs;

  WebhookQueue(Path root) {
    this.root = root;
    this.pending = root.resolve("pending");
    this.logs = root.resolve("log");
  }

  /** The sequence number of the last ref event whose deliveries are queued; 0 at first. */
  public synchronized Optional<Long> cursor() {
    try {
      return Optional.of(Long.parseLong(Files.readString(root.resolve("cursor")).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      throw new StorageException("cannot read the webhooks' cursor in " + root, e);
    }
  }

  /** Moves the cursor to {@code sequence}, durably: call it after the deliveries are queued. */
  public synchronized void advance(long sequence) {
    write(root.resolve("cursor"), Long.toString(sequence));
  }

  /** Queues {@code deliveries}, each durably; an existing one of the same id is replaced. */
  public synchronized void enqueue(List<PendingDelivery> deliveries) {
    for (PendingDelivery delivery : deliveries) {
      write(pending.resolve(delivery.deliveryId() + ".json"), json(delivery));
    }
  }

  /** Every delivery waiting, in the order of their ids' sequence numbers. */
  public synchronized List<PendingDelivery> pending() {
    if (!Files.isDirectory(pending)) {
      return List.of();
    }
    List<PendingDelivery> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(pending)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        try {
          all.add(parse(Files.readString(file)));
        } catch (NoSuchFileException e) {
          // Removed meanwhile.
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list the webhooks' queue in " + pending, e);
    }
    all.sort(
        java.util.Comparator.comparingLong((PendingDelivery d) -> sequence(d.deliveryId()))
            .thenComparing(PendingDelivery::deliveryId));
    return all;
  }

  /** Removes a delivery that is done (delivered, given up, or no longer allowed). */
  public synchronized void remove(String deliveryId) {
    try {
      Files.deleteIfExists(pending.resolve(deliveryId + ".json"));
      force(pending);
    } catch (IOException e) {
      throw new StorageException("cannot remove delivery " + deliveryId, e);
    }
  }

  /** Appends {@code attempt} to the delivery log of {@code webhookId}, keeping the last ones. */
  public synchronized void log(String webhookId, DeliveryAttempt attempt) {
    List<DeliveryAttempt> kept = new ArrayList<>(log(webhookId));
    kept.add(attempt);
    if (kept.size() > LOG_SIZE) {
      kept = kept.subList(kept.size() - LOG_SIZE, kept.size());
    }
    StringBuilder text = new StringBuilder();
    for (DeliveryAttempt a : kept) {
      text.append(json(a)).append('\n');
    }
    write(logs.resolve(webhookId + ".jsonl"), text.toString());
  }

  /** The delivery log of {@code webhookId}, oldest first. */
  public synchronized List<DeliveryAttempt> log(String webhookId) {
    if (!Webhook.isId(webhookId)) {
      return List.of();
    }
    try {
      List<DeliveryAttempt> attempts = new ArrayList<>();
      for (String line : Files.readAllLines(logs.resolve(webhookId + ".jsonl"))) {
        if (!line.isBlank()) {
          attempts.add(parseAttempt(line));
        }
      }
      return attempts;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageException("cannot read the delivery log of webhook " + webhookId, e);
    }
  }

  private static long sequence(String deliveryId) {
    return Long.parseLong(deliveryId.substring(0, deliveryId.indexOf('-')));
  }

  private void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      force(file.getParent());
    } catch (IOException e) {
      throw new StorageException("cannot write " + file, e);
    }
  }

  private static void force(Path folder) throws IOException {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a folder for forcing; the rename is then as durable as they
      // make it.
    }
  }

  private static String json(PendingDelivery d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("deliveryId", d.deliveryId());
    node.put("webhookId", d.webhookId());
    node.put("event", d.event());
    node.put("repo", d.repo().urlPath());
    node.put("body", d.body());
    node.put("attempts", d.attempts());
    node.put("queued", d.queued().toString());
    node.put("due", d.due().toString());
    return node.toString();
  }

  private static PendingDelivery parse(String text) throws IOException {
    JsonNode node = JSON.readTree(text);
    return new PendingDelivery(
        node.get("deliveryId").asText(),
        node.get("webhookId").asText(),
        node.get("event").asText(),
        RepoId.parsePath(node.get("repo").asText())
            .orElseThrow(() -> new IOException("not a repository: " + node.get("repo"))),
        node.get("body").asText(),
        node.get("attempts").asInt(),
        Instant.parse(node.get("queued").asText()),
        Instant.parse(node.get("due").asText()));
  }

  private static String json(DeliveryAttempt a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", a.time().toString());
    node.put("deliveryId", a.deliveryId());
    node.put("event", a.event());
    node.put("attempt", a.attempt());
    a.status().ifPresentOrElse(s -> node.put("status", s), () -> node.putNull("status"));
    a.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
    node.put("durationMillis", a.durationMillis());
    node.put("outcome", a.outcome());
    return node.toString();
  }

  private static DeliveryAttempt parseAttempt(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    return new DeliveryAttempt(
        Instant.parse(node.get("time").asText()),
        node.get("deliveryId").asText(),
        node.get("event").asText(),
        node.get("attempt").asInt(),
        node.get("status").isNull() ? Optional.empty() : Optional.of(node.get("status").asInt()),
        node.get("error").isNull() ? Optional.empty() : Optional.of(node.get("error").asText()),
        node.get("durationMillis").asLong(),
        node.get("outcome").asText());
  }
}
