package dev.evalhub.benchmarks;

import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.index.Index;
import dev.evalhub.server.HttpLimits;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.verification.TrustedIssuers;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leaderboard API against the limits of the machine, measured in one run on the same bytes: a
 * hub of M models with R results over B benchmarks is generated and served; Debian's nginx serves
 * the exact bytes evalhub answers (files in a temporary root, its own configuration), and a bare
 * Javalin route on Jetty serves them from a constant array (Jetty's own per-request cost). wrk
 * measures the throughput of one hot leaderboard at C connections on each; the {@link OpenLoop}
 * generator measures latency at a fixed rate over random leaderboards on evalhub and nginx. Prints
 * every figure and its ratio to nginx's.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.evalhub.benchmarks.ServingLimits MODELS
 * RESULTS BENCHMARKS RATE SECONDS WRK_SECONDS CONNECTIONS [ROUNDS]}; needs {@code wrk} and {@code
 * /usr/sbin/nginx} (bench/serving-limits.sh installs wrk). {@code -Ddata=DIR} keeps the generated
 * hub in DIR and reuses it on the next run.
 */
public final class ServingLimits {

  private static final String NGINX = "/usr/sbin/nginx";
  private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors: (.*)");

  /** One way to ask for the hot leaderboard: the query's extra and whether gzip is accepted. */
  private record Variant(String name, String query, boolean gzip) {
    String headers() {
      return gzip ? "Accept-Encoding: gzip\r\n" : "";
    }
  }

  private ServingLimits() {}

  public static void main(String[] args) throws Exception {
    int models = Integer.parseInt(args[0]);
    int results = Integer.parseInt(args[1]);
    int benchmarks = Integer.parseInt(args[2]);
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int wrkSeconds = Integer.parseInt(args[5]);
    int connections = Integer.parseInt(args[6]);
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 2;
    Path dir = Files.createTempDirectory("evalhub-serving");
    // nginx's workers run as another user: they must be able to read the files it serves.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // -Ddata=DIR keeps the generated hub there and serves it again on the next run (same
    // arguments): generating and indexing 10,000 models takes minutes on a busy machine.
    String kept = System.getProperty("data", "");
    Path data = kept.isEmpty() ? dir.resolve("data") : Path.of(kept);
    String url = Index.defaultUrl(data);
    if (Files.isDirectory(data.resolve("index"))) {
      System.out.printf("hub: the one generated in %s%n", data);
    } else {
      GeneratedHub.generate(data, models, results, benchmarks, new Random(7));
      try (Storage storage = Storage.open(data, StorageOptions.DEFAULT);
          Index index = Index.open(url, storage, TrustedIssuers.none())) {
        ReindexSummary summary = index.ingestion().reindex((done, total) -> {});
        System.out.printf(
            "hub: %d models x %d results over %d benchmarks, %d results indexed%n",
            models, results, benchmarks, summary.results());
      }
    }
    List<Variant> variants =
        List.of(
            new Variant("limit=100", "&limit=100", false),
            new Variant("full, gzip", "", true),
            new Variant("full", "", false));
    try (HubServer hub =
        HubServer.start(
            ServerConfig.forTest(data)
                .withDatabase(url)
                .withHttpLimits(
                    new HttpLimits(
                        HttpLimits.DEFAULT.idleTimeout(),
                        HttpLimits.DEFAULT.minRequestBytesPerSecond(),
                        0)))) {
      Path www = Files.createDirectories(dir.resolve("www/lb"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // Every leaderboard once (computed and cached), in both encodings; nginx gets the bytes.
      for (int b = 0; b < benchmarks; b++) {
        for (int t = 1; t <= 2; t++) {
          String path = boardPath(b, t, "");
          Files.write(www.resolve(fileName(b, t)), get(http, hub.port(), path, false));
          Files.write(www.resolve(fileName(b, t) + ".gz"), get(http, hub.port(), path, true));
        }
      }
      java.util.Map<String, byte[]> constants = new java.util.LinkedHashMap<>();
      for (Variant variant : variants) {
        byte[] body = get(http, hub.port(), boardPath(0, 1, variant.query()), variant.gzip());
        byte[] json = get(http, hub.port(), boardPath(0, 1, variant.query()), false);
        Files.write(dir.resolve("www/hot-" + slug(variant) + ".json"), json);
        if (variant.gzip()) {
          Files.write(dir.resolve("www/hot-" + slug(variant) + ".json.gz"), body);
        }
        constants.put("/hot-" + slug(variant), body);
      }
      Javalin bare = bareJavalin(constants);
      bare.start("127.0.0.1", 0);
      int nginxPort = freePort();
      Process nginx = startNginx(dir, nginxPort);
      try {
        System.out.printf(
            "%nthroughput of one hot leaderboard (/api/datasets/gen/bench0/leaderboard?task_id=t1),"
                + " wrk -t2 -c%d -d%ds, %d rounds alternating, median req/s:%n",
            connections, wrkSeconds, rounds);
        for (Variant variant : variants) {
          String evalhubUrl = "http://127.0.0.1:" + hub.port() + boardPath(0, 1, variant.query());
          String nginxUrl = "http://127.0.0.1:" + nginxPort + "/hot-" + slug(variant) + ".json";
          String bareUrl = "http://127.0.0.1:" + bare.port() + "/hot-" + slug(variant);
          // Each server warmed as long as one round lasts (the JIT of a loaded machine takes
          // that long): the figures are of steady state, and the bare route does not ride on the
          // warm-up of the Jetty code it shares with evalhub.
          wrk(nginxUrl, variant, wrkSeconds, connections);
          wrk(evalhubUrl, variant, wrkSeconds, connections);
          wrk(bareUrl, variant, wrkSeconds, connections);
          double[] evalhub = new double[rounds];
          double[] ofNginx = new double[rounds];
          double[] ofBare = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            ofNginx[r] = wrk(nginxUrl, variant, wrkSeconds, connections);
            evalhub[r] = wrk(evalhubUrl, variant, wrkSeconds, connections);
            ofBare[r] = wrk(bareUrl, variant, wrkSeconds, connections);
          }
          long bytes = Files.size(dir.resolve("www/hot-" + slug(variant) + ".json"));
          double e = median(evalhub);
          double n = median(ofNginx);
          double j = median(ofBare);
          System.out.printf(
              Locale.ROOT,
              "  %-11s (%,d bytes JSON): evalhub %,.0f  nginx %,.0f  bare Javalin %,.0f  "
                  + "evalhub/nginx %.2f  bare/nginx %.2f  evalhub/bare %.2f  (rounds: evalhub %s"
                  + " nginx %s bare %s)%n",
              variant.name(),
              bytes,
              e,
              n,
              j,
              e / n,
              j / n,
              e / j,
              Arrays.toString(evalhub),
              Arrays.toString(ofNginx),
              Arrays.toString(ofBare));
        }
        openLoop(hub.port(), nginxPort, benchmarks, rate, seconds, connections);
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
        bare.stop();
      }
    }
  }

  /**
   * Random leaderboards (full rows, gzip accepted, as browsers and the Hub's clients ask) at a
   * fixed rate: a warm-up, then evalhub and nginx on the same sequence.
   */
  private static void openLoop(
      int hubPort, int nginxPort, int benchmarks, int rate, int seconds, int connections)
      throws InterruptedException {
    Random random = new Random(11);
    List<String> evalhubPaths = new ArrayList<>();
    List<String> nginxPaths = new ArrayList<>();
    for (int i = 0; i < rate * seconds; i++) {
      int b = random.nextInt(benchmarks);
      int t = 1 + random.nextInt(2);
      evalhubPaths.add(boardPath(b, t, ""));
      nginxPaths.add("/lb/" + fileName(b, t));
    }
    String gzip = "Accept-Encoding: gzip\r\n";
    OpenLoop.run(
        hubPort, evalhubPaths.subList(0, evalhubPaths.size() / 3), gzip, rate, connections);
    System.out.printf(
        "%nrandom leaderboards of %d (full rows, gzip), open loop at %d req/s for %d s over %d"
            + " connections, latency from the due time:%n",
        benchmarks * 2, rate, seconds, connections);
    OpenLoop.Result nginx = OpenLoop.run(nginxPort, nginxPaths, gzip, rate, connections);
    OpenLoop.Result evalhub = OpenLoop.run(hubPort, evalhubPaths, gzip, rate, connections);
    System.out.println("  nginx:   " + nginx.summary());
    System.out.println("  evalhub: " + evalhub.summary());
    System.out.printf(
        Locale.ROOT,
        "  evalhub p99 %.1f ms (target 10 ms), nginx p99 %.1f ms: evalhub/nginx p99 %.2f%n",
        evalhub.latency().at(99),
        nginx.latency().at(99),
        evalhub.latency().at(99) / Math.max(0.001, nginx.latency().at(99)));
  }

  private static String boardPath(int benchmark, int task, String query) {
    return "/api/datasets/gen/bench" + benchmark + "/leaderboard?task_id=t" + task + query;
  }

  private static String fileName(int benchmark, int task) {
    return "bench" + benchmark + "-t" + task + ".json";
  }

  private static String slug(Variant variant) {
    return variant.name().replaceAll("[^a-z0-9]+", "-");
  }

  private static byte[] get(HttpClient http, int port, String path, boolean gzip)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": status " + response.statusCode());
    }
    return response.body();
  }

  /**
   * Javalin on Jetty with nothing in front (no filters, no overload handler), answering each path
   * of {@code bodies} with its bytes and the headers evalhub's leaderboard answers carry (gzip when
   * the path says so).
   */
  private static Javalin bareJavalin(java.util.Map<String, byte[]> bodies) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.http.compressionStrategy = CompressionStrategy.NONE;
          bodies.forEach(
              (path, body) ->
                  config.routes.get(
                      path,
                      ctx -> {
                        ctx.header("ETag", "\"constant\"");
                        ctx.header("Vary", "Accept-Encoding");
                        ctx.header("Cache-Control", "no-cache");
                        if (path.contains("gzip")) {
                          ctx.header("Content-Encoding", "gzip");
                        }
                        ctx.contentType("application/json; charset=utf-8");
                        // As evalhub writes its answers: straight to the servlet stream.
                        ctx.res().setContentLength(body.length);
                        try (java.io.OutputStream out = ctx.res().getOutputStream()) {
                          out.write(body);
                        }
                      }));
        });
  }

  /** wrk's requests per second; fails on errors or non-2xx answers. */
  private static double wrk(String url, Variant variant, int seconds, int connections)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s"));
    if (variant.gzip()) {
      command.addAll(List.of("-H", "Accept-Encoding: gzip"));
    }
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Matcher requests = REQUESTS.matcher(output);
    if (!requests.find()) {
      throw new IllegalStateException("wrk printed no rate:\n" + output);
    }
    Matcher non2xx = NON_2XX.matcher(output);
    Matcher errors = ERRORS.matcher(output);
    if (non2xx.find() || errors.find()) {
      System.out.println("  wrk " + url + " saw errors:\n" + output);
    }
    return Double.parseDouble(requests.group(1));
  }

  private static Process startNginx(Path dir, int port) throws Exception {
    Path conf = dir.resolve("nginx.conf");
    Files.createDirectories(dir.resolve("nginx-tmp"));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "worker_processes 2;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("nginx-error.log") + " warn;",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + dir.resolve("nginx-tmp") + ";",
            "  proxy_temp_path " + dir.resolve("nginx-tmp") + ";",
            "  fastcgi_temp_path " + dir.resolve("nginx-tmp") + ";",
            "  uwsgi_temp_path " + dir.resolve("nginx-tmp") + ";",
            "  scgi_temp_path " + dir.resolve("nginx-tmp") + ";",
            "  sendfile on; tcp_nopush on; tcp_nodelay on;",
            "  keepalive_requests 10000000; keepalive_timeout 60s;",
            "  types { application/json json; }",
            "  default_type application/json;",
            "  charset utf-8; charset_types application/json;",
            "  gzip_static on; gzip_vary on; etag on;",
            "  add_header Cache-Control no-cache;",
            "  server { listen 127.0.0.1:" + port + "; root " + dir.resolve("www") + "; }",
            "}",
            ""));
    Process nginx =
        new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx-out.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
        return nginx;
      } catch (IOException notYet) {
        if (!nginx.isAlive()) {
          throw new IllegalStateException(
              "nginx did not start: " + Files.readString(dir.resolve("nginx-out.log")));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nginx did not listen on " + port);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
