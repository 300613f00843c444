package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.webhook.DeliveryAttempt;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.domain.webhook.WebhookSpec;
import dev.evalhub.service.internal.WebhookDispatcher;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.WebhookQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Webhooks as on the Hugging Face Hub: a signed-in account manages its own (a write token to change
 * them), each watching repositories or namespaces it can read, with a URL, domains and an optional
 * secret; and the delivery worker ({@link #startDelivery}), which a server runs. Another account's
 * webhook is not found, as is a watched repository the caller cannot read. Deliveries of a private
 * repository's events go only to webhooks whose owner can read it when they are sent. Thread-safe.
 */
public final class WebhookService implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Storage storage;
  private final Permissions permissions;
  private final Clock clock;
  private final AtomicReference<WebhookDispatcher> dispatcher = new AtomicReference<>();
  private final AtomicLong failedDeliveries = new AtomicLong();
  private volatile WebhookOptions options = WebhookOptions.defaults("http://127.0.0.1:8080");

  /** Guards starting and stopping the dispatcher. */
  private final Object delivery = new Object();

  /** The options and payloads a server asked to deliver with; null until it does. */
  private Asked deliveryAsked;

  private record Asked(WebhookOptions options, WebhookPayloads payloads) {}

  /** Whether this instance may deliver (only the leader of several instances does). */
  private volatile java.util.function.BooleanSupplier mayDeliver = () -> true;

  WebhookService(Storage storage, Permissions permissions, Clock clock) {
    this.storage = storage;
    this.permissions = permissions;
    this.clock = clock;
  }

  /** The caller's webhooks (not deleted), oldest first. */
  public List<Webhook> list(Caller caller) {
    return storage.webhooks().list().stream()
        .filter(w -> !w.deleted() && w.owner().equalsIgnoreCase(caller.user()))
        .toList();
  }

  /** The caller's webhook {@code id}; NOT_FOUND when there is none of theirs. */
  public Webhook get(Caller caller, String id) {
    return storage
        .webhooks()
        .get(id)
        .filter(w -> !w.deleted() && w.owner().equalsIgnoreCase(caller.user()))
        .orElseThrow(() -> HubException.notFound("no webhook with the id " + id));
  }

  /**
   * Creates a webhook of the caller's as {@code spec} says. Needs a write token; at most {@code
   * maxPerAccount} per account.
   *
   * @throws HubException INVALID for a bad URL, domain or watch, or too many webhooks; NOT_FOUND
   *     for a watched repository or namespace the caller cannot read
   */
  public Webhook create(Caller caller, WebhookSpec spec) {
    requireWrite(caller);
    check(caller, spec);
    if (list(caller).size() >= options.maxPerAccount()) {
      throw HubException.invalid(
          "an account may have at most " + options.maxPerAccount() + " webhooks");
    }
    Instant now = clock.instant();
    Webhook webhook =
        new Webhook(
            HexFormat.of().formatHex(randomBytes(12)),
            caller.user(),
            spec.url().strip(),
            spec.watched(),
            spec.domains(),
            spec.secret(),
            false,
            false,
            now,
            now);
    storage.webhooks().create(webhook);
    return webhook;
  }

  /** Replaces the URL, watches and domains of the caller's webhook; an absent secret is kept. */
  public Webhook update(Caller caller, String id, WebhookSpec spec) {
    requireWrite(caller);
    get(caller, id);
    check(caller, spec);
    Instant now = clock.instant();
    return storage
        .webhooks()
        .update(
            id,
            w ->
                w.with(
                    spec.url().strip(),
                    spec.watched(),
                    spec.domains(),
                    spec.secret().or(w::secret),
                    now),
            "Update webhook " + id);
  }

  /** Enables ({@code disabled} false) or disables the caller's webhook. */
  public Webhook setDisabled(Caller caller, String id, boolean disabled) {
    requireWrite(caller);
    get(caller, id);
    Instant now = clock.instant();
    return storage
        .webhooks()
        .update(
            id,
            w -> w.withDisabled(disabled, now),
            (disabled ? "Disable" : "Enable") + " webhook " + id);
  }

  /** Deletes the caller's webhook (its record stays in {@code admin.git}, marked deleted). */
  public void delete(Caller caller, String id) {
    requireWrite(caller);
    get(caller, id);
    Instant now = clock.instant();
    storage.webhooks().update(id, w -> w.asDeleted(now), "Delete webhook " + id);
  }

  /**
   * The delivery log of the caller's webhook, newest first (at most {@link WebhookQueue#LOG_SIZE}).
   */
  public List<DeliveryAttempt> deliveries(Caller caller, String id) {
    get(caller, id);
    List<DeliveryAttempt> log = new ArrayList<>(storage.webhookQueue().log(id));
    java.util.Collections.reverse(log);
    return log;
  }

  /** The options deliveries and checks use now. */
  public WebhookOptions options() {
    return options;
  }

  /**
   * Uses {@code newOptions} for the checks of the API from now on, without delivering: a server
   * that delivers calls {@link #startDelivery}; a test hub allows its loopback receivers here.
   */
  public void configure(WebhookOptions newOptions) {
    this.options = java.util.Objects.requireNonNull(newOptions, "newOptions");
  }

  /**
   * Starts delivering (once per hub: a second call is refused) with {@code newOptions}, rendering
   * bodies with {@code payloads}. {@link #close} (and closing the hub) stops it.
   */
  public void startDelivery(WebhookOptions newOptions, WebhookPayloads payloads) {
    synchronized (delivery) {
      if (deliveryAsked != null) {
        throw HubException.conflict("webhook delivery runs already");
      }
      this.options = newOptions;
      this.deliveryAsked = new Asked(newOptions, payloads);
      if (mayDeliver.getAsBoolean()) {
        startDispatcher(newOptions, payloads);
      }
    }
  }

  /**
   * Delivers only while {@code leading} holds (several instances: only the leader delivers, from
   * the shared queue); {@link #deliverWhileLeading} tells the changes.
   */
  void deliverOnlyWhile(java.util.function.BooleanSupplier leading) {
    this.mayDeliver = leading;
  }

  /**
   * Starts delivering when this instance became the leader (and a server asked to deliver), stops
   * when it no longer leads.
   */
  void deliverWhileLeading(boolean leading) {
    synchronized (delivery) {
      if (!leading) {
        Optional.ofNullable(dispatcher.getAndSet(null)).ifPresent(WebhookDispatcher::close);
      } else if (deliveryAsked != null && dispatcher.get() == null) {
        startDispatcher(deliveryAsked.options(), deliveryAsked.payloads());
      }
    }
  }

  private void startDispatcher(WebhookOptions newOptions, WebhookPayloads payloads) {
    WebhookQueue queue = storage.webhookQueue();
    WebhookDispatcher.Wiring wiring =
        new WebhookDispatcher.Wiring(
            storage.events()::stamp,
            storage.events()::readAfter,
            storage.hubEvents()::derive,
            storage.webhooks()::list,
            storage.webhooks()::get,
            repo -> storage.repositories().find(repo).map(r -> r.isPrivate()),
            this::mayReceive,
            url -> options.check(url),
            new WebhookDispatcher.Queue() {
              @Override
              public Optional<Long> cursor() {
                return queue.cursor();
              }

              @Override
              public void advance(long sequence) {
                queue.advance(sequence);
              }

              @Override
              public void enqueue(List<dev.evalhub.domain.webhook.PendingDelivery> deliveries) {
                queue.enqueue(deliveries);
              }

              @Override
              public List<dev.evalhub.domain.webhook.PendingDelivery> pending() {
                return queue.pending();
              }

              @Override
              public void remove(String deliveryId) {
                queue.remove(deliveryId);
              }

              @Override
              public void log(String webhookId, DeliveryAttempt attempt) {
                queue.log(webhookId, attempt);
                if (attempt.outcome().equals("failed")) {
                  failedDeliveries.incrementAndGet();
                }
              }
            });
    WebhookDispatcher.Timing timing =
        new WebhookDispatcher.Timing(
            newOptions.firstRetry(),
            newOptions.maxAttempts(),
            newOptions.maxAge(),
            newOptions.connectTimeout(),
            newOptions.requestTimeout(),
            newOptions.poll(),
            newOptions.parallel());
    WebhookDispatcher started =
        new WebhookDispatcher(
            wiring,
            timing,
            (webhook, event, deliveryId, isPrivate) ->
                payloads.render(webhook, event, deliveryId, isPrivate, newOptions.publicUrl()),
            clock);
    if (!dispatcher.compareAndSet(null, started)) {
      throw HubException.conflict("webhook delivery runs already");
    }
    started.start();
  }

  /** Whether this instance delivers webhooks now. */
  public boolean delivering() {
    return dispatcher.get() != null;
  }

  /**
   * Whether the owner of {@code webhook} may receive an event of {@code repo} now: it can read the
   * repository, or, for a repository that is gone, it is a writer of its namespace.
   */
  private boolean mayReceive(Webhook webhook, RepoId repo) {
    Optional<Caller> owner = Optional.of(new Caller(webhook.owner(), Role.READ));
    return storage
        .repositories()
        .find(repo)
        .map(info -> permissions.canRead(owner, info))
        .orElseGet(() -> permissions.isWriter(owner, repo));
  }

  private void check(Caller caller, WebhookSpec spec) {
    options.check(spec.url());
    if (spec.domains().isEmpty()) {
      throw HubException.invalid(
          "the webhook has no domain: give \"repo\", \"discussion\" or both");
    }
    for (String domain : spec.domains()) {
      if (!Webhook.DOMAINS.contains(domain)) {
        throw HubException.invalid(
            "unknown domain \"" + domain + "\": a domain is \"repo\" or \"discussion\"");
      }
    }
    if (spec.watched().isEmpty()) {
      throw HubException.invalid("the webhook watches nothing: give watched: [{type, name}]");
    }
    if (spec.watched().size() > 100) {
      throw HubException.invalid("a webhook watches at most 100 repositories or namespaces");
    }
    for (Watch watch : spec.watched()) {
      if (watch.isNamespace()) {
        storage
            .accounts()
            .namespace(watch.name())
            .orElseThrow(
                () -> HubException.notFound("no user or organisation \"" + watch.name() + "\""));
      } else {
        RepoType type = watch.type().equals("model") ? RepoType.MODEL : RepoType.DATASET;
        RepoId repo =
            RepoId.parsePath(type.urlPrefix() + watch.name())
                .filter(id -> watch.name().split("/", -1).length == 2)
                .orElseThrow(() -> HubException.repoNotFound(type.urlPrefix() + watch.name()));
        permissions.readable(repo, Optional.of(caller));
      }
    }
    spec.secret()
        .ifPresent(
            secret -> {
              if (secret.isEmpty() || secret.length() > 256) {
                throw HubException.invalid("a webhook secret has 1 to 256 characters");
              }
            });
  }

  private static void requireWrite(Caller caller) {
    if (!caller.canWrite()) {
      throw HubException.forbidden("managing webhooks needs a write token");
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** How many deliveries wait in the queue now (every webhook's, private repositories' too). */
  public int pendingDeliveries() {
    return storage.webhookQueue().pending().size();
  }

  /** How many deliveries this process gave up on after their last attempt, since it started. */
  public long failedDeliveries() {
    return failedDeliveries.get();
  }

  /** Stops the delivery worker, if it runs. */
  @Override
  public void close() {
    synchronized (delivery) {
      deliveryAsked = null;
    }
    Optional.ofNullable(dispatcher.getAndSet(null)).ifPresent(WebhookDispatcher::close);
  }
}
