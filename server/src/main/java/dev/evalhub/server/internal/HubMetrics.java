package dev.evalhub.server.internal;

import dev.evalhub.domain.index.CacheStats;
import dev.evalhub.domain.index.InstanceStatus;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.service.MirrorService;
import dev.evalhub.service.OperationsService;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one server, in a registry of its own (several servers may share a JVM): HTTP
 * requests by method, route template and status class, their latency, git requests by service and
 * outcome, and, read at each scrape, the instance's positions, the job queue, webhook deliveries,
 * the leaderboard cache and the JVM. No label names a repository or an account: routes are
 * templates ({@code /api/models/{ns}/{name}}), a request that matched none is {@code unmatched}.
 * Thread-safe.
 */
public final class HubMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(HubMetrics.class);

  /** The route label of a request that matched no route. */
  public static final String UNMATCHED = "unmatched";

  /** The route label of a request the overload limits refused before any route saw it. */
  public static final String OVERLOADED = "overloaded";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Counter requests;
  private final Histogram latency;
  private final Counter gitRequests;
  private final Counter overloadRejections;

  /** The metrics of a server over {@code operations}; {@code ready} tells readiness at a scrape. */
  public HubMetrics(OperationsService operations, MirrorService mirrors, Supplier<Boolean> ready) {
    requests =
        Counter.builder()
            .name("evalhub_http_requests_total")
            .help("HTTP requests answered, by method, route template and status class")
            .labelNames("method", "route", "status")
            .register(registry);
    latency =
        Histogram.builder()
            .name("evalhub_http_request_duration_seconds")
            .help("Time from a request's arrival to its answer, by method and route template")
            .labelNames("method", "route")
            .classicOnly()
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    gitRequests =
        Counter.builder()
            .name("evalhub_git_requests_total")
            .help(
                "Git smart-HTTP requests, by service (upload-pack: fetch, receive-pack: push) and"
                    + " outcome (ok, unauthenticated, denied, error)")
            .labelNames("service", "outcome")
            .register(registry);
    overloadRejections =
        Counter.builder()
            .name("evalhub_http_overload_rejections_total")
            .help(
                "HTTP requests refused with 503 by the overload limits (queue full or waited too"
                    + " long), before any route saw them")
            .register(registry);
    gauge(
        "evalhub_ingestion_lag_events",
        "Events appended to the event log and not applied to the index yet",
        c -> c.call(operations.instance().ingestionLag()));
    gauge(
        "evalhub_event_log_position",
        "Sequence number of the last event appended to the event log",
        c -> c.call(operations.instance().eventLogPosition()));
    gauge(
        "evalhub_index_position",
        "Sequence number of the last event the index applied",
        c -> c.call(operations.instance().indexPosition()));
    gauge(
        "evalhub_leader",
        "1 while this instance leads ingestion, else 0",
        c -> {
          InstanceStatus status = operations.instance();
          c.call(status.leader() ? 1 : 0);
        });
    gauge(
        "evalhub_ready",
        "1 while this instance is ready for traffic (GET /health/ready answers 200), else 0",
        c -> c.call(ready.get() ? 1 : 0));
    gauge(
        "evalhub_index_failures",
        "Refs of public repositories the index could not read",
        c -> c.call(operations.publicIndexFailures()));
    GaugeWithCallback.builder()
        .name("evalhub_jobs")
        .help("Evaluation jobs by state")
        .labelNames("state")
        .callback(
            guarded(
                "evalhub_jobs",
                c -> {
                  for (Map.Entry<JobState, Long> entry : operations.jobsByState().entrySet()) {
                    c.call(entry.getValue(), entry.getKey().word());
                  }
                }))
        .register(registry);
    gauge(
        "evalhub_webhook_deliveries_pending",
        "Webhook deliveries waiting in the queue",
        c -> c.call(operations.pendingWebhookDeliveries()));
    CounterWithCallback.builder()
        .name("evalhub_webhook_deliveries_failed_total")
        .help("Webhook deliveries given up after their last attempt, since the process started")
        .callback(
            guardedCounter(
                "evalhub_webhook_deliveries_failed_total",
                c -> c.call(operations.failedWebhookDeliveries())))
        .register(registry);
    cacheCounter(
        "evalhub_leaderboard_cache_hits_total",
        "Leaderboard lookups answered from the cache",
        operations,
        CacheStats::hits);
    cacheCounter(
        "evalhub_leaderboard_cache_misses_total",
        "Leaderboard lookups that computed the leaderboard",
        operations,
        CacheStats::misses);
    cacheCounter(
        "evalhub_leaderboard_cache_evictions_total",
        "Leaderboards dropped from the cache by its bounds",
        operations,
        CacheStats::evictions);
    gauge(
        "evalhub_leaderboard_cache_entries",
        "Leaderboards held in the cache",
        c -> c.call(operations.leaderboardCache().entries()));
    gauge(
        "evalhub_leaderboard_cache_bytes",
        "Estimated size of the leaderboards held in the cache",
        c -> c.call(operations.leaderboardCache().bytes()));
    gauge(
        "evalhub_mirrors",
        "Mirrors of other hubs (not removed)",
        c -> c.call(mirrors.counts().mirrors()));
    gauge(
        "evalhub_mirrors_with_problems",
        "Mirrors whose last refresh left a problem (mirror list tells which)",
        c -> c.call(mirrors.counts().mirrorsWithProblems()));
    mirrorCounter(
        "evalhub_mirror_refreshes_total",
        "Mirror refreshes run since the process started",
        mirrors,
        MirrorService.Counts::refreshes);
    mirrorCounter(
        "evalhub_mirror_refresh_failures_total",
        "Mirror refreshes that met a problem since the process started",
        mirrors,
        MirrorService.Counts::failures);
    mirrorCounter(
        "evalhub_mirror_updates_total",
        "Mirrored repositories whose main moved since the process started",
        mirrors,
        MirrorService.Counts::updates);
    JvmMetrics.builder().register(registry);
  }

  private void mirrorCounter(
      String name, String help, MirrorService mirrors, ToLongFunction<MirrorService.Counts> count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(guardedCounter(name, c -> c.call(count.applyAsLong(mirrors.counts()))))
        .register(registry);
  }

  /** Counts one answered HTTP request that took {@code seconds}. */
  public void http(String method, String route, int status, double seconds) {
    String m = METHODS.contains(method) ? method : "other";
    requests.labelValues(m, route, statusClass(status)).inc();
    latency.labelValues(m, route).observe(seconds);
  }

  /**
   * Counts one request of {@code method} refused by the overload limits: in {@code
   * evalhub_http_overload_rejections_total} and, as a {@code 5xx} of route {@link #OVERLOADED}, in
   * {@code evalhub_http_requests_total} (no route saw it, so it has no template).
   */
  public void overloadRejected(String method) {
    overloadRejections.inc();
    requests
        .labelValues(METHODS.contains(method) ? method : "other", OVERLOADED, statusClass(503))
        .inc();
  }

  /**
   * Counts one git request of {@code service} ({@code upload-pack}, ...) that got {@code status}.
   */
  public void git(String service, int status) {
    gitRequests.labelValues(service, gitOutcome(status)).inc();
  }

  /** {@code 2xx}, {@code 3xx}, {@code 4xx} or {@code 5xx}. */
  static String statusClass(int status) {
    return status >= 100 && status < 600 ? (status / 100) + "xx" : "5xx";
  }

  private static String gitOutcome(int status) {
    if (status < 400) {
      return "ok";
    }
    return switch (status) {
      case 401 -> "unauthenticated";
      case 403, 404 -> "denied";
      default -> "error";
    };
  }

  /**
   * The content type of the format {@code accept} asks for (Prometheus' text format by default).
   */
  public String contentType(String accept) {
    return writer(accept).getContentType();
  }

  /** Writes every metric now, in the format {@code accept} asks for, to {@code out}. */
  public void write(String accept, OutputStream out) throws IOException {
    writer(accept).write(out, registry.scrape());
  }

  private ExpositionFormatWriter writer(String accept) {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    // The protobuf format needs a library the hub does not ship: the text format then.
    return writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
  }

  private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(guarded(name, callback))
        .register(registry);
  }

  private void cacheCounter(
      String name, String help, OperationsService operations, ToLongFunction<CacheStats> count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(
            guardedCounter(name, c -> c.call(count.applyAsLong(operations.leaderboardCache()))))
        .register(registry);
  }

  /**
   * A callback that leaves its metric out of a scrape when what it reads fails (an index that does
   * not answer): the other metrics are still served.
   */
  private static Consumer<GaugeWithCallback.Callback> guarded(
      String name, Consumer<GaugeWithCallback.Callback> callback) {
    return c -> {
      try {
        callback.accept(c);
      } catch (RuntimeException e) {
        LOG.debug("metric {} left out of this scrape: {}", name, e.toString());
      }
    };
  }

  private static Consumer<CounterWithCallback.Callback> guardedCounter(
      String name, Consumer<CounterWithCallback.Callback> callback) {
    return c -> {
      try {
        callback.accept(c);
      } catch (RuntimeException e) {
        LOG.debug("metric {} left out of this scrape: {}", name, e.toString());
      }
    };
  }
}
