package dev.evalhub.server.pages;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.webhook.DeliveryAttempt;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.domain.webhook.WebhookSpec;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.WebhooksView;
import dev.evalhub.service.WebhookService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The webhooks settings page ({@code GET /settings/webhooks}) and its forms ({@code POST
 * /settings/webhooks} creates, {@code POST /settings/webhooks/{id}/enable|disable|delete}), for the
 * signed-in account, with the session's CSRF token like every form. Thread-safe.
 */
final class WebhookPages {

  /** The delivery attempts the page shows per webhook (the API has all that are kept). */
  private static final int SHOWN_ATTEMPTS = 20;

  private final WebhookService webhooks;
  private final PageSecurity security;
  private final PageRenderer renderer;

  WebhookPages(WebhookService webhooks, PageSecurity security, PageRenderer renderer) {
    this.webhooks = webhooks;
    this.security = security;
    this.renderer = renderer;
  }

  List<ApiRoute> routes() {
    return List.of(
        new ApiRoute(GET, "/settings/webhooks", this::page),
        new ApiRoute(POST, "/settings/webhooks", this::create),
        new ApiRoute(POST, "/settings/webhooks/{id}/{change}", this::act));
  }

  private void page(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Webhooks");
    try {
      Caller caller = signedIn(security.existing(ctx).flatMap(security::caller));
      renderer.page(ctx, "webhooks.jte", view(chrome, caller));
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  private void create(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Webhooks");
    try {
      Caller caller = signedIn(security.caller(security.checkedPost(ctx)));
      Watch watch;
      try {
        watch =
            new Watch(
                Optional.ofNullable(ctx.formParam("type")).orElse(""),
                Optional.ofNullable(ctx.formParam("name")).orElse("").strip());
      } catch (IllegalArgumentException e) {
        throw HubException.invalid(e.getMessage());
      }
      Set<String> domains = new LinkedHashSet<>(ctx.formParams("domain"));
      Optional<String> secret =
          Optional.ofNullable(ctx.formParam("secret")).filter(s -> !s.isEmpty());
      webhooks.create(
          caller,
          new WebhookSpec(
              List.of(watch),
              Optional.ofNullable(ctx.formParam("url")).orElse(""),
              domains,
              secret));
      ctx.redirect("/settings/webhooks", HttpStatus.SEE_OTHER);
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  private void act(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Webhooks");
    try {
      Caller caller = signedIn(security.caller(security.checkedPost(ctx)));
      String id = ctx.pathParam("id");
      switch (ctx.pathParam("change")) {
        case "enable" -> webhooks.setDisabled(caller, id, false);
        case "disable" -> webhooks.setDisabled(caller, id, true);
        case "delete" -> webhooks.delete(caller, id);
        default -> throw HubException.notFound("no such action: " + ctx.pathParam("change"));
      }
      ctx.redirect("/settings/webhooks", HttpStatus.SEE_OTHER);
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  private WebhooksView view(Chrome chrome, Caller caller) {
    List<WebhooksView.Row> rows =
        webhooks.list(caller).stream().map(webhook -> row(caller, webhook)).toList();
    return new WebhooksView(chrome, rows, webhooks.options().maxPerAccount());
  }

  private WebhooksView.Row row(Caller caller, Webhook webhook) {
    List<WebhooksView.Attempt> attempts =
        webhooks.deliveries(caller, webhook.id()).stream()
            .limit(SHOWN_ATTEMPTS)
            .map(WebhookPages::attempt)
            .toList();
    return new WebhooksView.Row(
        webhook.id(),
        webhook.url(),
        String.join(", ", webhook.watched().stream().map(w -> w.type() + " " + w.name()).toList()),
        String.join(", ", webhook.domains().stream().sorted().toList()),
        webhook.secret().isPresent(),
        webhook.disabled(),
        attempts);
  }

  private static WebhooksView.Attempt attempt(DeliveryAttempt a) {
    return new WebhooksView.Attempt(
        Times.format(a.time()),
        a.event(),
        a.deliveryId(),
        a.attempt(),
        a.status().map(String::valueOf).orElse(a.error().orElse("")),
        a.outcome());
  }

  private static Caller signedIn(Optional<Caller> caller) {
    return caller.orElseThrow(
        () ->
            new HubException(HubException.Kind.UNAUTHENTICATED, "sign in to manage your webhooks"));
  }
}
