package dev.evalhub.domain.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook as its record in {@code admin.git} holds it: its id (24 hex digits, as the Hub's), the
 * account that owns it, the URL deliveries are POSTed to, what it watches, its domains ({@code
 * repo}, {@code discussion}), its secret (empty: none; never shown after creation), whether it is
 * disabled or deleted, and when it was created and last changed. Immutable.
 */
public record Webhook(
    String id,
    String owner,
    String url,
    List<Watch> watched,
    Set<String> domains,
    Optional<String> secret,
    boolean disabled,
    boolean deleted,
    Instant created,
    Instant updated) {

  /** The domains a webhook may subscribe to, as on the Hub. */
  public static final Set<String> DOMAINS = Set.of("repo", "discussion");

  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(url, "url");
    watched = List.copyOf(watched);
    domains = Set.copyOf(domains);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
  }

  /** Whether {@code id} has the shape of a webhook id (24 lower-case hex digits). */
  public static boolean isId(String id) {
    return id != null && id.matches("[0-9a-f]{24}");
  }

  /** This webhook with another URL, watch list, domains and secret, changed at {@code time}. */
  public Webhook with(
      String newUrl,
      List<Watch> newWatched,
      Set<String> newDomains,
      Optional<String> newSecret,
      Instant time) {
    return new Webhook(
        id, owner, newUrl, newWatched, newDomains, newSecret, disabled, deleted, created, time);
  }

  /** This webhook enabled or disabled at {@code time}. */
  public Webhook withDisabled(boolean value, Instant time) {
    return new Webhook(id, owner, url, watched, domains, secret, value, deleted, created, time);
  }

  /** This webhook deleted at {@code time} (its record stays, as history). */
  public Webhook asDeleted(Instant time) {
    return new Webhook(id, owner, url, watched, domains, secret, disabled, true, created, time);
  }
}
