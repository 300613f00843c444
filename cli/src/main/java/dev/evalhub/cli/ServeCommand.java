package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.runner.Runner;
import dev.evalhub.server.FirstSteps;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.server.WebhookSettings;
import dev.evalhub.service.Recipes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evalhub serve}: runs the hub until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(
    name = "serve",
    description = {
      "Run the hub: git over HTTP and the API.",
      "Settings: flags, then EVALHUB_DATA / EVALHUB_HOST / EVALHUB_PORT / EVALHUB_MAX_PACK_BYTES / "
          + "EVALHUB_MAX_OBJECT_BYTES / EVALHUB_MAX_COMMIT_BYTES / EVALHUB_DB / EVALHUB_TRUSTED_ISSUERS / "
          + "EVALHUB_LOG_FORMAT / EVALHUB_METRICS / EVALHUB_READY_MAX_LAG / EVALHUB_DRAIN_SECONDS / EVALHUB_STOP_TIMEOUT_SECONDS, then the config file "
          + "(--config, else DATA/evalhub.properties)."
    },
    footer = {
      "",
      "Pull requests (any account with a write token):",
      "  git push origin HEAD:refs/for/main   opens one: remote: Pull request #N: URL",
      "  git push -f origin HEAD:refs/pr/N    updates it (its author or a writer)",
      "  POST /api/models/NS/NAME/discussions/N/merge   merges it (writers)",
      "The discussions API is the Hugging Face one (HfApi); see README.md.",
      "",
      "Operations (README \"Operations\"):",
      "  GET /metrics        Prometheus metrics; by default (metrics=loopback) only to a scraper on",
      "                      this machine, not through a proxy; metrics=public: anyone; off: 404",
      "                      (settings key or EVALHUB_METRICS; docs/SECURITY.md says what they count)",
      "  GET /health/live    200 while the process serves",
      "  GET /health/ready   200 when ready for traffic, else 503 with the reasons (for a load balancer)",
      "  GET /health         status, failures the caller may see, live, ready, instance positions",
      "  SIGTERM             answers not ready for drain-seconds (default: 5 with",
      "                      --db jdbc:postgresql:..., 0 with the embedded index), then refuses new",
      "                      connections and waits up to stop-timeout-seconds (default: 10) for the",
      "                      requests under way (a push, a merge), then cuts the rest and stops"
    })
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", description = "The data folder (default: ./data).")
  String data;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The port to listen on (default: 8080).")
  String port;

  @Option(
      names = "--host",
      paramLabel = "H",
      description =
          "The address to listen on (default: 127.0.0.1, loopback only; 0.0.0.0: every interface).")
  String host;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  Path config;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "The index database (default: embedded H2 in DATA/index; or jdbc:postgresql://...). "
              + "On PostgreSQL several serve processes may share one data folder and database: "
              + "the event log and page sessions live in the database, one instance leads "
              + "ingestion and webhook delivery, another takes over within seconds when it dies "
              + "(docs/ARCHITECTURE.md, Several instances).")
  String db;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "The log on standard error: text lines (default) or one JSON object a line, with the"
              + " request id, method and route of the request that logged it.")
  String logFormat;

  @Option(
      names = "--metrics",
      paramLabel = "loopback|public|off",
      description =
          "Serve GET /metrics only to loopback requests with no X-Forwarded-For/Forwarded/X-Real-IP"
              + " header (default: loopback), to anyone (public; the counts include private"
              + " repositories' activity) or not at all (off: 404).")
  String metrics;

  @Option(
      names = "--drain-seconds",
      paramLabel = "N",
      description =
          "On SIGTERM, answer 503 on /health/ready for N seconds while still serving, then stop"
              + " (default: 5 with the index on PostgreSQL, where instances stand behind a load"
              + " balancer; 0 with the embedded index).")
  String drainSeconds;

  @Option(
      names = "--stop-timeout-seconds",
      paramLabel = "N",
      description =
          "On SIGTERM, after the drain: refuse new connections and wait up to N seconds for the"
              + " requests under way (a push being received, a merge) to end, then cut the rest"
              + " and close the hub (default: 10; 0: cut them at once).")
  String stopTimeoutSeconds;

  @Option(
      names = "--demo",
      description = "Seed a small demo hub (org \"demo\") before serving; idempotent.")
  boolean demo;

  @Option(
      names = "--runner",
      paramLabel = "on|off",
      defaultValue = "on",
      description =
          "Run the evaluation runner inside the server (default: on); see docs/RUNNER.md.")
  String runner;

  @Option(
      names = "--runner-recipes",
      paramLabel = "FILE",
      description =
          "The runner's recipe file (YAML; docs/RUNNER.md). Without one, evaluations are refused.")
  Path runnerRecipes;

  @Option(
      names = "--webhooks",
      paramLabel = "on|off",
      defaultValue = "on",
      description =
          "Deliver webhooks from this server (default: on); settings webhooks-* in docs/WEBHOOKS.md.")
  String webhooks;

  @Option(
      names = "--mirrors",
      paramLabel = "on|off",
      defaultValue = "on",
      description =
          "Refresh the mirrors (`evalhub mirror`) on their schedule from this server (default: on).")
  String mirrors;

  /** How often the mirrors' worker looks for a mirror whose interval has passed. */
  static final java.time.Duration MIRROR_TICK = java.time.Duration.ofSeconds(30);

  @Override
  public Integer call() throws InterruptedException {
    if (!webhooks.equals("on") && !webhooks.equals("off")) {
      System.err.println("evalhub: --webhooks must be on or off, got \"" + webhooks + "\"");
      return 2;
    }
    if (!mirrors.equals("on") && !mirrors.equals("off")) {
      System.err.println("evalhub: --mirrors must be on or off, got \"" + mirrors + "\"");
      return 2;
    }
    if (!runner.equals("on") && !runner.equals("off")) {
      System.err.println("evalhub: --runner must be on or off, got \"" + runner + "\"");
      return 2;
    }
    // Read before the hub opens: a bad recipe file stops the start with every problem.
    Recipes recipes;
    try {
      recipes = runnerRecipes == null ? Recipes.NONE : Recipes.read(runnerRecipes);
    } catch (HubException e) {
      System.err.println("evalhub: the runner's recipes cannot be used:\n" + e.getMessage());
      return 1;
    }
    Map<String, String> flags = new HashMap<>();
    Optional.ofNullable(data).ifPresent(v -> flags.put("data", v));
    Optional.ofNullable(port).ifPresent(v -> flags.put("port", v));
    Optional.ofNullable(host).ifPresent(v -> flags.put("host", v));
    Optional.ofNullable(db).ifPresent(v -> flags.put("db", v));
    Optional.ofNullable(logFormat).ifPresent(v -> flags.put("log-format", v));
    Optional.ofNullable(metrics).ifPresent(v -> flags.put("metrics", v));
    Optional.ofNullable(drainSeconds).ifPresent(v -> flags.put("drain-seconds", v));
    Optional.ofNullable(stopTimeoutSeconds).ifPresent(v -> flags.put("stop-timeout-seconds", v));
    ServerConfig resolved;
    try {
      resolved = ServerConfig.resolve(flags, System.getenv(), Optional.ofNullable(config));
    } catch (IllegalArgumentException e) {
      System.err.println("evalhub: " + e.getMessage());
      return 2;
    }
    // Before the hub opens: every line of this run is in the chosen format.
    resolved.operations().logFormat().install();
    if (demo) {
      DemoHub.prepareKey(resolved.dataDir());
    }
    AtomicReference<HubServer> server = new AtomicReference<>();
    AtomicReference<Runner> worker = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run shutdown hooks: stop accepting, finish what is in flight, close the
    // repositories.
    // Registered before the start, so that a SIGTERM as soon as "listening" is logged still stops
    // cleanly.
    java.util.concurrent.atomic.AtomicBoolean stopOnce =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable stop =
        () -> {
          if (!stopOnce.compareAndSet(false, true)) {
            return;
          }
          try {
            started.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          Optional.ofNullable(worker.get()).ifPresent(Runner::close);
          Optional.ofNullable(server.get()).ifPresent(HubServer::close);
          stopped.countDown();
        };
    // The signals stop the server before the JVM's exit begins (H2's own exit hook would close the
    // index under the stop); the hook stops it on any other exit.
    StopSignals.install(stop);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "evalhub-shutdown"));
    try {
      server.set(HubServer.start(resolved));
    } finally {
      started.countDown();
    }
    if (demo) {
      DemoHub.seed(server.get().hub());
    }
    server.get().hub().jobs().useRecipes(recipes);
    if (webhooks.equals("on")) {
      WebhookSettings.startDelivery(
          server.get().hub(),
          WebhookSettings.resolve(
              System.getenv(),
              Optional.ofNullable(config),
              resolved.dataDir(),
              FirstSteps.localUrl(resolved.host(), server.get().port())));
    }
    if (mirrors.equals("on")) {
      // The one place a server starts refreshing mirrors (one refreshing process per data folder).
      server.get().hub().mirrors().startRefreshing(MIRROR_TICK);
    }
    if (runner.equals("on")) {
      try {
        worker.set(Runner.start(server.get().hub(), Runner.DEFAULT_POLL));
      } catch (HubException e) {
        System.err.println("evalhub: the runner did not start: " + e.getMessage());
      }
    }
    if (server.get().hub().leaderboards().benchmarks().isEmpty()) {
      System.out.print(
          new FirstSteps(
                  FirstSteps.localUrl(resolved.host(), server.get().port()),
                  resolved.dataDir().toString())
              .banner());
      System.out.flush();
    }
    stopped.await();
    return 0;
  }
}
