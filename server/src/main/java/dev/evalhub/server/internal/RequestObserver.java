package dev.evalhub.server.internal;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;

/**
 * The first filter of every request, git and API alike: gives it an id (the answer's {@code
 * X-Request-Id}), puts the id, the method and the route template in the logging context ({@code
 * request_id}, {@code method}, {@code route}) while it runs, and counts it in {@link HubMetrics}
 * once answered. The route is the template the request matched ({@link #route}, set by the route's
 * handler), {@code /{repo}/info/refs}, {@code /{repo}/git-upload-pack} or {@code
 * /{repo}/git-receive-pack} for git, else {@link HubMetrics#UNMATCHED}: never the raw path, which
 * would name repositories. Thread-safe.
 */
public final class RequestObserver implements Filter {

  /** The header that carries a request's id in its answer. */
  public static final String REQUEST_ID = "X-Request-Id";

  private static final String ROUTE = "evalhub.route";

  private final HubMetrics metrics;

  public RequestObserver(HubMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * {@code handler}, which first records that the request matched the route {@code template} (for
   * the metrics and the logging context).
   */
  public static Handler route(String template, Handler handler) {
    return ctx -> {
      mark(ctx, template);
      handler.handle(ctx);
    };
  }

  private static void mark(Context ctx, String template) {
    ctx.req().setAttribute(ROUTE, template);
    MDC.put("route", template);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    long start = System.nanoTime();
    String id = RequestIds.next();
    res.setHeader(REQUEST_ID, id);
    String path = req.getRequestURI().substring(req.getContextPath().length());
    String gitSuffix = GitAccessFilter.gitSuffix(path);
    MDC.put("request_id", id);
    MDC.put("method", req.getMethod());
    if (gitSuffix != null) {
      MDC.put("route", "/{repo}" + gitSuffix);
    }
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      int status = failed && !res.isCommitted() ? 500 : res.getStatus();
      String route =
          gitSuffix != null
              ? "/{repo}" + gitSuffix
              : req.getAttribute(ROUTE) instanceof String template
                  ? template
                  : HubMetrics.UNMATCHED;
      metrics.http(req.getMethod(), route, status, (System.nanoTime() - start) / 1e9);
      if (gitSuffix != null) {
        metrics.git(gitService(req, gitSuffix), status);
      }
      MDC.clear();
    }
  }

  private static String gitService(HttpServletRequest req, String suffix) {
    String service =
        suffix.equals("/info/refs")
            ? String.valueOf(req.getParameter("service"))
            : suffix.substring(1);
    return switch (service) {
      case "git-upload-pack" -> "upload-pack";
      case "git-receive-pack" -> "receive-pack";
      default -> "other";
    };
  }
}
