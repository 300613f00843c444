package dev.evalhub.benchmarks;

import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.index.Index;
import dev.evalhub.server.HttpLimits;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.verification.TrustedIssuers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * The index's load benchmark: generates a hub of M models with R results each over B benchmarks
 * (bare repositories written directly with JGit, one commit each), rebuilds the index and reports
 * its throughput, then serves the hub and requests leaderboards at a fixed rate, reporting latency
 * percentiles measured from each request's scheduled time (so a slow answer delays nothing and
 * hides nothing).
 *
 * <p>{@code java [-Dlimit=N] -cp benchmarks/target/benchmarks.jar
 * dev.evalhub.benchmarks.GeneratedHub MODELS RESULTS BENCHMARKS RATE SECONDS [JDBC_URL]}
 */
public final class GeneratedHub {

  private static final String NS = "gen";

  private GeneratedHub() {}

  public static void main(String[] args) throws Exception {
    int models = Integer.parseInt(args[0]);
    int results = Integer.parseInt(args[1]);
    int benchmarks = Integer.parseInt(args[2]);
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    Path data = Files.createTempDirectory("evalhub-load").resolve("data");
    String url = args.length > 5 ? args[5] : Index.defaultUrl(data);
    long started = System.nanoTime();
    generate(data, models, results, benchmarks, new Random(7));
    System.out.printf(
        "generated %d models x %d results over %d benchmarks in %.1f s%n",
        models, results, benchmarks, (System.nanoTime() - started) / 1e9);
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT);
        Index index = Index.open(url, storage, TrustedIssuers.none())) {
      ReindexSummary summary = index.ingestion().reindex((done, total) -> {});
      System.out.printf(
          "reindex: %d repositories, %d results in %.1f s = %.0f results/s%n",
          summary.repositories(),
          summary.results(),
          summary.took().toMillis() / 1000.0,
          summary.resultsPerSecond());
    }
    String limit = System.getProperty("limit", "");
    int connections =
        Integer.getInteger("connections", HttpLimits.DEFAULT.maxConnectionsPerAddress());
    try (HubServer hub =
        HubServer.start(
            ServerConfig.forTest(data)
                .withDatabase(url)
                // the load generator is one client address holding as many connections as the
                // server's latency asks for: no per-address cap (it answered 429 on a busy machine)
                .withHttpLimits(
                    new HttpLimits(
                        HttpLimits.DEFAULT.idleTimeout(),
                        HttpLimits.DEFAULT.minRequestBytesPerSecond(),
                        0)))) {
      // Each leaderboard computed once, two at a time (a cold cache under the full rate had every
      // server thread wait on the first computations while later requests queued in Jetty until
      // its idle timeout closed their connections unanswered), then a warm-up for the JIT, as on a
      // hub that has been up for a while.
      prime(hub.port(), benchmarks, limit);
      load(hub.port(), benchmarks, rate, Math.max(1, seconds / 3), limit, connections, false);
      load(hub.port(), benchmarks, rate, seconds, limit, connections, true);
    }
  }

  private static void load(
      int port,
      int benchmarks,
      int rate,
      int seconds,
      String limit,
      int connections,
      boolean report)
      throws Exception {
    ExecutorService callbacks = Executors.newFixedThreadPool(8, daemon("load-http"));
    // HTTP/1.1 outright (no h2c upgrade attempt on each new connection); at most `connections`
    // requests in flight, so at most that many connections from this one address (the JDK client
    // opens a connection per concurrent request with no bound of its own).
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
    Semaphore inFlight = new Semaphore(connections);
    Random random = new Random(11);
    int total = rate * seconds;
    double[] millis = new double[total];
    CompletableFuture<?>[] answers = new CompletableFuture<?>[total];
    ScheduledExecutorService clock =
        Executors.newSingleThreadScheduledExecutor(daemon("load-clock"));
    long start = System.nanoTime() + 200_000_000L;
    long[] sizes = new long[1];
    for (int i = 0; i < total; i++) {
      int n = i;
      long due = start + (long) i * 1_000_000_000L / rate;
      URI uri =
          URI.create(
              "http://127.0.0.1:"
                  + port
                  + "/api/datasets/"
                  + NS
                  + "/bench"
                  + random.nextInt(benchmarks)
                  + "/leaderboard?task_id=t"
                  + (1 + random.nextInt(2))
                  + (limit.isEmpty() ? "" : "&limit=" + limit));
      CompletableFuture<Void> answer = new CompletableFuture<>();
      answers[i] = answer;
      clock.schedule(
          () -> {
            // Waiting for a free connection delays this request and the ones behind it; their
            // latency still counts from their scheduled time.
            inFlight.acquireUninterruptibly();
            long sent = System.nanoTime();
            http.sendAsync(
                    HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete(
                    (response, error) -> {
                      inFlight.release();
                      long now = System.nanoTime();
                      millis[n] = (now - due) / 1e6;
                      if (error != null || response.statusCode() != 200) {
                        answer.completeExceptionally(
                            new IllegalStateException(
                                String.format(
                                    "request %d (%s), %.0f ms after it was sent: %s",
                                    n,
                                    uri,
                                    (now - sent) / 1e6,
                                    error != null ? error : "status " + response.statusCode()),
                                error));
                      } else {
                        sizes[0] = response.body().length;
                        answer.complete(null);
                      }
                    });
          },
          due - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<?> answer : answers) {
      try {
        answer.get(seconds + 600L, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    clock.shutdown();
    callbacks.shutdown();
    if (!failures.isEmpty()) {
      failures.stream().limit(5).forEach(f -> System.out.println("failed: " + f.getMessage()));
      throw new IllegalStateException(
          failures.size() + " of " + total + " requests failed", failures.get(0));
    }
    if (!report) {
      return;
    }
    System.out.printf(
        "leaderboard API at %d req/s for %d s, %d connections (last body %d bytes): %s;"
            + " %.1f answers/s%n",
        rate,
        seconds,
        connections,
        sizes[0],
        Percentiles.of(millis).summary(),
        total / wallSeconds);
  }

  /**
   * Requests every leaderboard of the hub once, two at a time, and prints how long the cold ones
   * took (each is computed then, and cached).
   */
  private static void prime(int port, int benchmarks, String limit) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Callable<Double>> requests = new ArrayList<>();
    for (int b = 0; b < benchmarks; b++) {
      for (int t = 1; t <= 2; t++) {
        URI uri =
            URI.create(
                "http://127.0.0.1:"
                    + port
                    + "/api/datasets/"
                    + NS
                    + "/bench"
                    + b
                    + "/leaderboard?task_id=t"
                    + t
                    + (limit.isEmpty() ? "" : "&limit=" + limit));
        requests.add(
            () -> {
              long sent = System.nanoTime();
              HttpResponse<byte[]> response =
                  http.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
              if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + ": status " + response.statusCode());
              }
              return (System.nanoTime() - sent) / 1e6;
            });
      }
    }
    ExecutorService two = Executors.newFixedThreadPool(2, daemon("load-prime"));
    long started = System.nanoTime();
    double[] millis = new double[requests.size()];
    try {
      List<Future<Double>> done = two.invokeAll(requests);
      for (int i = 0; i < millis.length; i++) {
        millis[i] = done.get(i).get();
      }
    } finally {
      two.shutdown();
    }
    System.out.printf(
        "cold leaderboards, two at a time: %s; %.1f s in all%n",
        Percentiles.of(millis).summary(), (System.nanoTime() - started) / 1e9);
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Writes the bare repositories straight into the data folder's layout, one commit each. */
  static void generate(Path data, int models, int results, int benchmarks, Random random)
      throws IOException {
    for (int b = 0; b < benchmarks; b++) {
      String evalYaml =
          "name: Bench "
              + b
              + "\ndescription: generated\nevaluation_framework: lm-evaluation-harness\n"
              + "tasks:\n  - id: t1\n  - id: t2\n";
      write(data.resolve("repos/datasets/" + NS + "/bench" + b + ".git"), "eval.yaml", evalYaml);
    }
    for (int m = 0; m < models; m++) {
      StringBuilder yaml = new StringBuilder();
      for (int r = 0; r < results; r++) {
        yaml.append("- dataset:\n    id: ")
            .append(NS)
            .append("/bench")
            .append(random.nextInt(benchmarks))
            .append("\n    task_id: t")
            .append(1 + random.nextInt(2))
            .append("\n  value: ")
            .append(random.nextInt(10000) / 100.0)
            // A standard error and n on every result, so that leaderboards compute statistical
            // ranks.
            .append("\n  stderr: ")
            .append((50 + random.nextInt(250)) / 100.0)
            .append("\n  num_samples: 1000")
            .append("\n  methodology:\n    num_fewshot: ")
            .append(random.nextInt(2) * 5)
            .append("\n  source:\n    url: https://example.org/m")
            .append(m)
            .append('\n');
      }
      write(
          data.resolve("repos/models/" + NS + "/m" + m + ".git"),
          ".eval_results/results.yaml",
          yaml.toString());
    }
  }

  private static void write(Path gitDir, String path, String content) throws IOException {
    try (FileRepository repository = new FileRepository(gitDir.toFile())) {
      repository.create(true);
      StoredConfig config = repository.getConfig();
      config.setBoolean("evalhub", null, "private", false);
      config.save();
      repository.updateRef(Constants.HEAD).link(RefNames.MAIN);
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        ObjectId blob =
            inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
        ObjectId tree = tree(inserter, path.split("/"), 0, blob);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        PersonIdent ident = new PersonIdent("gen", "gen@users.evalhub.invalid");
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage("generated");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repository.updateRef(RefNames.MAIN);
        update.setNewObjectId(id);
        update.update();
      }
    }
  }

  private static ObjectId tree(ObjectInserter inserter, String[] segments, int at, ObjectId blob)
      throws IOException {
    TreeFormatter tree = new TreeFormatter();
    if (at == segments.length - 1) {
      tree.append(segments[at], FileMode.REGULAR_FILE, blob);
    } else {
      tree.append(segments[at], FileMode.TREE, tree(inserter, segments, at + 1, blob));
    }
    return inserter.insert(tree);
  }
}
