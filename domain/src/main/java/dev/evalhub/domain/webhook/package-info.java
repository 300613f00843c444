/**
 * Webhooks as the administrative repository records them ({@link
 * dev.evalhub.domain.webhook.Webhook}, {@link dev.evalhub.domain.webhook.Watch}) and their delivery
 * log ({@link dev.evalhub.domain.webhook.DeliveryAttempt}).
 */
package dev.evalhub.domain.webhook;
