package dev.evalhub.server;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a hub server is operated: who may read {@code GET /metrics} ({@code metrics}: {@code
 * loopback}, the default, serves it only to a scraper on the same machine that did not come through
 * a proxy; {@code public} serves it to anyone, as Prometheus scrapes anonymously; {@code off}
 * answers 404), the log format ({@code log-format}: {@code text} or {@code json}, one object a
 * line), how many events the index may be behind the event log before {@code GET /health/ready}
 * answers 503 ({@code ready-max-lag}), and how long an instance told to stop answers not ready
 * before it stops serving ({@code drain-seconds}, so that a load balancer stops sending it requests
 * first), and how long, once it stops serving, it waits for the requests under way to end before it
 * cuts them and closes the hub ({@code stop-timeout-seconds}). Immutable.
 *
 * @param metrics who may read {@code /metrics}
 * @param logFormat the format of the log lines on standard error
 * @param readyMaxLag events the index may be behind and still be ready (0 or more)
 * @param drainDelay how long {@link HubServer#close} answers not ready before it stops (0 or more)
 * @param stopTimeout how long {@link HubServer#close}, past the drain and with new connections
 *     refused, waits for the requests under way (0 or more; 0: cuts them at once)
 */
public record OperationsSettings(
    Metrics metrics,
    LogFormat logFormat,
    long readyMaxLag,
    Duration drainDelay,
    Duration stopTimeout) {

  /** Who may read {@code /metrics}. */
  public enum Metrics {
    /**
     * Requests from a loopback address that carry no proxy header ({@code X-Forwarded-For}, {@code
     * Forwarded}, {@code X-Real-IP}): a scraper on the same machine, not a client through a reverse
     * proxy there; anyone else gets 404. The default: the counts (event-log positions, pushes)
     * include private repositories' activity.
     */
    LOOPBACK,
    /** Anyone: the metrics name no repository and no account, but count private activity. */
    PUBLIC,
    /** Nobody: {@code /metrics} answers 404. */
    OFF;

    /**
     * The setting named by {@code word} ({@code loopback}, {@code public} or {@code off}, any
     * case).
     *
     * @throws IllegalArgumentException for any other word
     */
    public static Metrics parse(String word) {
      return switch (word.strip().toLowerCase(Locale.ROOT)) {
        case "loopback" -> LOOPBACK;
        case "public" -> PUBLIC;
        case "off" -> OFF;
        default ->
            throw new IllegalArgumentException(
                "metrics must be loopback, public or off, got \"" + word + "\"");
      };
    }
  }

  /** The default lag bound of readiness: 1,000 events. */
  public static final long DEFAULT_READY_MAX_LAG = 1_000;

  /**
   * The default drain delay of {@code evalhub serve} with its index on PostgreSQL: 5 seconds, for a
   * load balancer in front of several instances to notice one stopping.
   */
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);

  /**
   * The default bound of a stop's wait for the requests under way: 10 seconds, longer than a push
   * or a merge of the usual size takes, shorter than a service manager's patience (systemd: 90 s,
   * Kubernetes: 30 s from SIGTERM, drain included).
   */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * What {@code evalhub serve} uses when nothing is set and its index is on PostgreSQL: metrics to
   * loopback only, text logs, 5 s drain, then up to 10 s for the requests under way. With the
   * embedded index it is {@link #EMBEDDED}.
   */
  public static final OperationsSettings DEFAULT =
      new OperationsSettings(
          Metrics.LOOPBACK,
          LogFormat.TEXT,
          DEFAULT_READY_MAX_LAG,
          DEFAULT_DRAIN,
          DEFAULT_STOP_TIMEOUT);

  /**
   * An embedded hub's or a test's: as {@link #DEFAULT}, but it stops without draining (it still
   * waits up to 10 s for the requests under way).
   */
  public static final OperationsSettings EMBEDDED =
      new OperationsSettings(
          Metrics.LOOPBACK,
          LogFormat.TEXT,
          DEFAULT_READY_MAX_LAG,
          Duration.ZERO,
          DEFAULT_STOP_TIMEOUT);

  /**
   * The drain delay of {@code evalhub serve} when none is set, for the index database {@code
   * jdbcUrl} (empty: the embedded H2): {@link #DEFAULT_DRAIN} on PostgreSQL ({@code
   * jdbc:postgresql:...}), where several instances may stand behind a load balancer; 0 otherwise,
   * where the one instance has nobody to drain toward.
   */
  public static Duration defaultDrain(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? DEFAULT_DRAIN : Duration.ZERO;
  }

  public OperationsSettings {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(drainDelay, "drainDelay");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (readyMaxLag < 0) {
      throw new IllegalArgumentException("ready-max-lag must be 0 or more, got " + readyMaxLag);
    }
    if (drainDelay.isNegative()) {
      throw new IllegalArgumentException(
          "drain-seconds must be 0 or more, got " + drainDelay.toSeconds());
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "stop-timeout-seconds must be 0 or more, got " + stopTimeout.toSeconds());
    }
  }

  public OperationsSettings withMetrics(Metrics newMetrics) {
    return new OperationsSettings(newMetrics, logFormat, readyMaxLag, drainDelay, stopTimeout);
  }

  public OperationsSettings withDrainDelay(Duration delay) {
    return new OperationsSettings(metrics, logFormat, readyMaxLag, delay, stopTimeout);
  }

  public OperationsSettings withReadyMaxLag(long maxLag) {
    return new OperationsSettings(metrics, logFormat, maxLag, drainDelay, stopTimeout);
  }

  /** These settings with a stop that waits up to {@code bound} for the requests under way. */
  public OperationsSettings withStopTimeout(Duration bound) {
    return new OperationsSettings(metrics, logFormat, readyMaxLag, drainDelay, bound);
  }
}
