package dev.evalhub.service.internal;

import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.webhook.DeliveryAttempt;
import dev.evalhub.domain.webhook.PendingDelivery;
import dev.evalhub.domain.webhook.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks' delivery worker, at least once and driven by the event log: one daemon thread reads
 * the ref events after the queue's durable cursor, derives their user-facing events, writes one
 * pending delivery per event and matching webhook (durably) and only then advances the cursor; it
 * then POSTs every delivery that is due (at most {@code parallel} at once, through the JDK's {@link
 * HttpClient} with connect and request timeouts and no redirects), signed with HMAC-SHA256 over the
 * exact body, and removes it on a 2xx answer or reschedules it with exponential backoff until the
 * last attempt. Each attempt goes to the webhook's delivery log. A crash at any point leaves the
 * pending files and the cursor as they were: the restarted worker sends again what was not
 * acknowledged, under the same delivery id. Thread-safe; {@link #close} stops it.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** The most ref events queued per round, so that a long backlog does not hold the thread. */
  private static final int BATCH = 500;

  /** What the dispatcher needs of the hub below it, as functions (the service wires them). */
  public record Wiring(
      Supplier<String> logStamp,
      LongFunction<List<RefEvent>> readAfter,
      Function<RefEvent, List<HubEvent>> derive,
      Supplier<List<Webhook>> webhooks,
      Function<String, Optional<Webhook>> webhook,
      Function<RepoId, Optional<Boolean>> isPrivate,
      java.util.function.BiPredicate<Webhook, RepoId> mayReceive,
      Function<String, URI> checkUrl,
      Queue queue) {}

  /** The durable queue (storage's {@code WebhookQueue}), as the dispatcher uses it. */
  public interface Queue {
    Optional<Long> cursor();

    void advance(long sequence);

    void enqueue(List<PendingDelivery> deliveries);

    List<PendingDelivery> pending();

    void remove(String deliveryId);

    void log(String webhookId, DeliveryAttempt attempt);
  }

  /** The timings and limits, as {@code WebhookOptions} gives them. */
  public record Timing(
      Duration firstRetry,
      int maxAttempts,
      Duration maxAge,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration poll,
      int parallel) {
    Duration backoff(int attempt) {
      return firstRetry.multipliedBy(1L << Math.min(30, Math.max(0, attempt - 1)));
    }
  }

  /** Renders a body (the service's {@code WebhookPayloads}). */
  public interface Renderer {
    String render(Webhook webhook, HubEvent event, String deliveryId, boolean repoPrivate);
  }

  private final Wiring wiring;
  private final Timing timing;
  private final Renderer renderer;
  private final Clock clock;
  private final HttpClient http;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "evalhub-webhooks");
            t.setDaemon(true);
            return t;
          });
  private String seenStamp;
  private String lastFailure;
  private long failingSequence = -1;
  private int failures;

  /** How many rounds in a row one ref event may fail to derive before it is skipped. */
  private static final int MAX_DERIVE_FAILURES = 10;

  public WebhookDispatcher(Wiring wiring, Timing timing, Renderer renderer, Clock clock) {
    this.wiring = wiring;
    this.timing = timing;
    this.renderer = renderer;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timing.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Starts the worker: from the queue's cursor, or from the log's end on the very first start. */
  public WebhookDispatcher start() {
    if (wiring.queue().cursor().isEmpty()) {
      List<RefEvent> all = wiring.readAfter().apply(0);
      wiring.queue().advance(all.isEmpty() ? 0 : all.get(all.size() - 1).sequence());
    }
    thread.scheduleWithFixedDelay(this::round, 0, timing.poll().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void round() {
    try {
      queueNewEvents();
      sendDue();
      lastFailure = null;
    } catch (RuntimeException e) {
      if (!e.toString().equals(lastFailure)) {
        LOG.warn("webhook delivery round failed; trying again every period", e);
        lastFailure = e.toString();
      }
    }
  }

  /** Queues the deliveries of the ref events after the cursor, then advances it. */
  void queueNewEvents() {
    String stamp = wiring.logStamp().get();
    if (stamp.equals(seenStamp)) {
      return;
    }
    long cursor = wiring.queue().cursor().orElse(0L);
    List<RefEvent> events = wiring.readAfter().apply(cursor);
    List<Webhook> webhooks =
        wiring.webhooks().get().stream().filter(w -> !w.deleted() && !w.disabled()).toList();
    int done = 0;
    for (RefEvent event : events) {
      if (done++ == BATCH) {
        return; // the stamp stays unseen: the next round goes on
      }
      List<PendingDelivery> deliveries = new ArrayList<>();
      if (!webhooks.isEmpty()) {
        for (HubEvent hubEvent : derive(event)) {
          for (Webhook webhook : webhooks) {
            if (matches(webhook, hubEvent)) {
              deliveries.add(pending(webhook, hubEvent));
            }
          }
        }
      }
      wiring.queue().enqueue(deliveries);
      wiring.queue().advance(event.sequence());
    }
    seenStamp = stamp;
  }

  /**
   * The events of {@code event}; a ref event that fails to derive {@link #MAX_DERIVE_FAILURES}
   * rounds in a row (its objects unreadable) is logged and skipped, so that it cannot stop every
   * later delivery.
   */
  private List<HubEvent> derive(RefEvent event) {
    try {
      List<HubEvent> events = wiring.derive().apply(event);
      failingSequence = -1;
      return events;
    } catch (RuntimeException e) {
      if (failingSequence != event.sequence()) {
        failingSequence = event.sequence();
        failures = 0;
      }
      if (++failures < MAX_DERIVE_FAILURES) {
        throw e;
      }
      LOG.error(
          "ref event {} cannot be derived after {} tries; its webhook deliveries are skipped",
          event.sequence(),
          failures,
          e);
      failingSequence = -1;
      return List.of();
    }
  }

  /**
   * Whether {@code webhook} subscribes to {@code event}: created before it, in one of its domains,
   * about a repository it watches (or, for results, naming a benchmark dataset it watches).
   */
  static boolean matches(Webhook webhook, HubEvent event) {
    if (event.time().isBefore(webhook.created())) {
      return false;
    }
    if (!webhook.domains().contains(domain(event.kind()))) {
      return false;
    }
    return webhook.watched().stream()
        .anyMatch(
            watch ->
                watch.covers(event.repo())
                    || (watch.type().equals("dataset") && event.namesDataset(watch.name())));
  }

  /** The Hub's domain of an event kind: {@code repo} or {@code discussion}. */
  public static String domain(HubEvent.Kind kind) {
    return switch (kind) {
      case PR_OPENED,
          PR_MERGED,
          PR_CLOSED,
          DISCUSSION_OPENED,
          DISCUSSION_CLOSED,
          DISCUSSION_REOPENED,
          COMMENT_ADDED,
          FLAG_RAISED,
          FLAG_RESOLVED ->
          "discussion";
      default -> "repo";
    };
  }

  private PendingDelivery pending(Webhook webhook, HubEvent event) {
    String id = PendingDelivery.id(event.sequence(), event.index(), webhook.id());
    boolean isPrivate = wiring.isPrivate().apply(event.repo()).orElse(true);
    Instant now = clock.instant();
    return new PendingDelivery(
        id,
        webhook.id(),
        event.kind().id(),
        event.repo(),
        renderer.render(webhook, event, id, isPrivate),
        0,
        now,
        now);
  }

  /** Starts every due delivery not in flight, up to the limit. */
  void sendDue() {
    Instant now = clock.instant();
    for (PendingDelivery delivery : wiring.queue().pending()) {
      if (inFlight.size() >= timing.parallel()) {
        return;
      }
      if (delivery.due().isAfter(now) || inFlight.contains(delivery.deliveryId())) {
        continue;
      }
      Optional<Webhook> webhook = wiring.webhook().apply(delivery.webhookId());
      if (webhook.isEmpty()
          || webhook.get().deleted()
          || !wiring.mayReceive().test(webhook.get(), delivery.repo())) {
        // Gone, or its owner can no longer read the repository: nothing is said of the event.
        wiring.queue().remove(delivery.deliveryId());
        continue;
      }
      if (webhook.get().disabled()) {
        wiring.queue().remove(delivery.deliveryId());
        log(
            webhook.get(),
            delivery,
            Optional.empty(),
            Optional.of("webhook disabled"),
            0,
            "skipped");
        continue;
      }
      send(webhook.get(), delivery);
    }
  }

  private void send(Webhook webhook, PendingDelivery delivery) {
    URI uri;
    try {
      uri = wiring.checkUrl().apply(webhook.url());
    } catch (RuntimeException e) {
      wiring.queue().remove(delivery.deliveryId());
      log(webhook, delivery, Optional.empty(), Optional.of(e.getMessage()), 0, "failed");
      return;
    }
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timing.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "evalhub-webhooks/1")
            .header("X-Webhook-Event", delivery.event())
            .header("X-Webhook-Delivery", delivery.deliveryId())
            .header("X-Webhook-Id", webhook.id())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    webhook.secret().ifPresent(secret -> request.header("X-Webhook-Signature", sign(secret, body)));
    inFlight.add(delivery.deliveryId());
    long start = System.nanoTime();
    // The request timeout ends at the answer's headers; a receiver that then streams a body
    // without end must not hold a delivery slot: the whole exchange has a deadline too.
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .orTimeout(
            timing.connectTimeout().plus(timing.requestTimeout()).toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete(
            (response, failure) -> {
              try {
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (failure == null && response.statusCode() / 100 == 2) {
                  wiring.queue().remove(delivery.deliveryId());
                  log(
                      webhook,
                      delivery,
                      Optional.of(response.statusCode()),
                      Optional.empty(),
                      millis,
                      "delivered");
                } else {
                  Optional<Integer> status =
                      failure == null ? Optional.of(response.statusCode()) : Optional.empty();
                  Optional<String> error =
                      failure == null ? Optional.empty() : Optional.of(describe(failure));
                  failed(webhook, delivery, status, error, millis);
                }
              } catch (RuntimeException e) {
                LOG.warn("cannot record the delivery {}", delivery.deliveryId(), e);
              } finally {
                inFlight.remove(delivery.deliveryId());
              }
            });
  }

  private void failed(
      Webhook webhook,
      PendingDelivery delivery,
      Optional<Integer> status,
      Optional<String> error,
      long millis) {
    int attempt = delivery.attempts() + 1;
    Instant next = clock.instant().plus(timing.backoff(attempt));
    boolean last =
        attempt >= timing.maxAttempts() || next.isAfter(delivery.queued().plus(timing.maxAge()));
    if (last) {
      wiring.queue().remove(delivery.deliveryId());
    } else {
      wiring.queue().enqueue(List.of(delivery.retriedAt(next)));
    }
    log(webhook, delivery, status, error, millis, last ? "failed" : "retry");
  }

  private void log(
      Webhook webhook,
      PendingDelivery delivery,
      Optional<Integer> status,
      Optional<String> error,
      long millis,
      String outcome) {
    wiring
        .queue()
        .log(
            webhook.id(),
            new DeliveryAttempt(
                clock.instant(),
                delivery.deliveryId(),
                delivery.event(),
                delivery.attempts() + 1,
                status,
                error,
                millis,
                outcome));
  }

  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the webhook worker did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
