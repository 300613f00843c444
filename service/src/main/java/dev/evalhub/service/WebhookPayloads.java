package dev.evalhub.service;

import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.webhook.Webhook;

/**
 * How an event becomes the JSON body POSTed to a webhook: the wire shape is the server's (the one
 * JSON mapper lives there), the delivery the service's. Implementations are thread-safe and
 * deterministic: the same arguments give the same bytes.
 */
@FunctionalInterface
public interface WebhookPayloads {

  /**
   * The body of the delivery {@code deliveryId} of {@code event} to {@code webhook}; {@code
   * repoPrivate} is the repository's visibility when the delivery was queued; {@code publicUrl} the
   * hub's address without a trailing slash.
   */
  String render(
      Webhook webhook, HubEvent event, String deliveryId, boolean repoPrivate, String publicUrl);
}
