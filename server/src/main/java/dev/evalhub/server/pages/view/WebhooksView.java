package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The webhooks settings page: the signed-in account's webhooks, each with its delivery log, and the
 * form that creates one. Strings ready to show (the template escapes them). Immutable.
 */
public record WebhooksView(Chrome chrome, List<Row> webhooks, int maxPerAccount) {

  /** One webhook: id, URL, what it watches, domains, whether a secret is set, state, its log. */
  public record Row(
      String id,
      String url,
      String watched,
      String domains,
      boolean secretSet,
      boolean disabled,
      List<Attempt> deliveries) {}

  /** One attempt of the delivery log. */
  public record Attempt(
      String time, String event, String deliveryId, int attempt, String result, String outcome) {}
}
