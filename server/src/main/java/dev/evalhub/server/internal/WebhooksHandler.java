package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.domain.webhook.WebhookSpec;
import dev.evalhub.service.WebhookService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The webhooks' settings API, as the Hugging Face Hub's ({@code HfApi.create_webhook}, ...): {@code
 * GET|POST /api/settings/webhooks}, {@code GET|POST|DELETE /api/settings/webhooks/{id}}, {@code
 * POST .../{id}/enable|disable}, and evalhub's {@code GET .../{id}/deliveries}. A webhook is
 * answered as {@code {webhook: {...}}} ({@link WebhookJson#webhook}), a list as an array. Every
 * call needs a token. Thread-safe.
 */
public final class WebhooksHandler {

  public static final String WEBHOOKS = "/api/settings/webhooks";
  public static final String WEBHOOK = WEBHOOKS + "/{id}";

  private final WebhookService webhooks;
  private final RequestAccess access;

  public WebhooksHandler(WebhookService webhooks, RequestAccess access) {
    this.webhooks = webhooks;
    this.access = access;
  }

  /** {@code GET /api/settings/webhooks}: the caller's webhooks. */
  public void list(Context ctx) {
    JsonResponses.write(
        ctx, webhooks.list(access.requireCaller(ctx)).stream().map(WebhookJson::webhook).toList());
  }

  /** {@code POST /api/settings/webhooks}: creates one. */
  public void create(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    Webhook created = webhooks.create(caller, spec(ctx));
    JsonResponses.write(ctx, Map.of("webhook", WebhookJson.webhook(created)));
  }

  /** {@code GET /api/settings/webhooks/{id}}. */
  public void get(Context ctx) {
    Webhook webhook = webhooks.get(access.requireCaller(ctx), ctx.pathParam("id"));
    JsonResponses.write(ctx, Map.of("webhook", WebhookJson.webhook(webhook)));
  }

  /** {@code POST /api/settings/webhooks/{id}}: replaces its settings (an absent secret is kept). */
  public void update(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    Webhook webhook = webhooks.update(caller, ctx.pathParam("id"), spec(ctx));
    JsonResponses.write(ctx, Map.of("webhook", WebhookJson.webhook(webhook)));
  }

  /** {@code POST /api/settings/webhooks/{id}/enable}. */
  public void enable(Context ctx) {
    Webhook webhook = webhooks.setDisabled(access.requireCaller(ctx), ctx.pathParam("id"), false);
    JsonResponses.write(ctx, Map.of("webhook", WebhookJson.webhook(webhook)));
  }

  /** {@code POST /api/settings/webhooks/{id}/disable}. */
  public void disable(Context ctx) {
    Webhook webhook = webhooks.setDisabled(access.requireCaller(ctx), ctx.pathParam("id"), true);
    JsonResponses.write(ctx, Map.of("webhook", WebhookJson.webhook(webhook)));
  }

  /** {@code DELETE /api/settings/webhooks/{id}}. */
  public void delete(Context ctx) {
    webhooks.delete(access.requireCaller(ctx), ctx.pathParam("id"));
    JsonResponses.write(ctx, Map.of());
  }

  /** {@code GET /api/settings/webhooks/{id}/deliveries}: its delivery log, newest first. */
  public void deliveries(Context ctx) {
    JsonResponses.write(
        ctx,
        webhooks.deliveries(access.requireCaller(ctx), ctx.pathParam("id")).stream()
            .map(WebhookJson::attempt)
            .toList());
  }

  /**
   * The body {@code {watched: [{type, name}], url, domains?, secret?}}; absent or empty domains are
   * both.
   */
  static WebhookSpec spec(Context ctx) {
    JsonNode body = RequestBodies.requiredObject(ctx.bodyAsBytes());
    JsonNode watchedNode = body.get("watched");
    if (watchedNode == null || !watchedNode.isArray()) {
      throw HubException.invalid("\"watched\" must be a list of {type, name}");
    }
    List<Watch> watched = new ArrayList<>();
    for (JsonNode item : watchedNode) {
      Optional<String> type = item.isObject() ? RequestBodies.text(item, "type") : Optional.empty();
      Optional<String> name = item.isObject() ? RequestBodies.text(item, "name") : Optional.empty();
      if (type.isEmpty() || name.isEmpty() || name.get().isBlank()) {
        throw HubException.invalid("each watched item needs a \"type\" and a \"name\"");
      }
      try {
        watched.add(new Watch(type.get(), name.get().strip()));
      } catch (IllegalArgumentException e) {
        throw HubException.invalid(e.getMessage());
      }
    }
    Set<String> domains = new LinkedHashSet<>();
    JsonNode domainsNode = body.get("domains");
    if (domainsNode != null && !domainsNode.isNull()) {
      if (!domainsNode.isArray()) {
        throw HubException.invalid("\"domains\" must be a list of \"repo\" and \"discussion\"");
      }
      domainsNode.forEach(d -> domains.add(d.asText()));
    }
    if (domains.isEmpty()) {
      domains.addAll(Webhook.DOMAINS);
    }
    String url =
        RequestBodies.text(body, "url")
            .orElseThrow(() -> HubException.invalid("the body has no \"url\""));
    return new WebhookSpec(watched, url, domains, RequestBodies.text(body, "secret"));
  }
}
