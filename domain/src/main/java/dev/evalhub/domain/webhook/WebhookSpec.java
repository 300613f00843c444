package dev.evalhub.domain.webhook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a caller asks a webhook to be, as the Hub's {@code POST /api/settings/webhooks} body says
 * it: what it watches, the URL, the domains and the secret (empty: none, or on an update: keep the
 * current one). Immutable.
 */
public record WebhookSpec(
    List<Watch> watched, String url, Set<String> domains, Optional<String> secret) {

  public WebhookSpec {
    watched = List.copyOf(watched);
    Objects.requireNonNull(url, "url");
    domains = Set.copyOf(domains);
    Objects.requireNonNull(secret, "secret");
  }
}
