package dev.evalhub.server.pages;

import dev.evalhub.domain.HubException;
import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.MessageView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the precompiled jte templates (HTML content type: every {@code ${...}} is escaped for its
 * context) into a response with the pages' security headers; and renders refusals as an error page
 * with the status the API would give. Thread-safe.
 */
public final class PageRenderer {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * The length each template's last page had: the next page of it starts with room for about as
   * much, so that a large page (a 1,000-row leaderboard) is not copied over and over as it grows.
   */
  private final Map<String, Integer> lastLengths = new ConcurrentHashMap<>();

  /** Renders {@code template} (e.g. {@code "benchmark.jte"}) with {@code model} to a string. */
  public String render(String template, Object model) {
    int last = lastLengths.getOrDefault(template, 0);
    StringOutput output =
        new StringOutput(Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, last + last / 8)));
    engine.render(template, model, output);
    String html = output.toString();
    lastLengths.put(template, html.length());
    return html;
  }

  private static final int MIN_CAPACITY = 16 * 1024;

  /** No page starts with room for more than 8 Mi characters, whatever the last one held. */
  private static final int MAX_CAPACITY = 8 * 1024 * 1024;

  void page(Context ctx, String template, Object model) {
    send(ctx, PageSecurity.CSP, render(template, model));
  }

  void embeddable(Context ctx, String template, Object model) {
    send(ctx, PageSecurity.EMBED_CSP, render(template, model));
  }

  void error(Context ctx, Chrome chrome, HubException e) {
    int status = ApiErrors.status(e.kind());
    ctx.status(status);
    page(ctx, "message.jte", new MessageView(chrome, status, e.getMessage()));
  }

  private static void send(Context ctx, String csp, String html) {
    PageSecurity.headers(ctx, csp);
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(html);
  }
}
