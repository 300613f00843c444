package dev.evalhub.benchmarks;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Push-to-visible latency: starts a hub in this process, then N times changes a result in a clone,
 * runs {@code git push} and polls the leaderboard API until the new value shows; prints p50/p99 of
 * the time from the start of the push to the value being visible, and of the part after {@code git
 * push} returned, and of the same git pushing the same commits to a bare repository on disk ({@code
 * file://}, no server: the floor), measured in the same loop.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.evalhub.benchmarks.PushToVisible [N]
 * [JDBC_URL]}
 */
public final class PushToVisible {

  private PushToVisible() {}

  public static void main(String[] args) throws Exception {
    int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Path dir = Files.createTempDirectory("evalhub-push-bench");
    ServerConfig config = ServerConfig.forTest(dir.resolve("data"));
    if (args.length > 1) {
      config = config.withDatabase(args[1]);
    }
    HttpClient http = HttpClient.newHttpClient();
    try (HubServer hub = HubServer.start(config)) {
      hub.hub().storage().accounts().createUser("alice");
      String token =
          hub.hub().storage().accounts().createToken("alice", Role.WRITE, "bench").secret();
      RepoId dataset = RepoId.parsePath("datasets/alice/bench").orElseThrow();
      hub.hub().storage().createRepository(dataset, false);
      hub.hub()
          .storage()
          .commits()
          .commit(
              dataset,
              new CommitRequest(
                  RefName.branch("main"),
                  Optional.empty(),
                  List.of(
                      FileChange.put(
                          "eval.yaml",
                          ("name: B\ndescription: d\nevaluation_framework: lm-evaluation-harness\ntasks:\n"
                                  + "  - id: t1\n")
                              .getBytes(StandardCharsets.UTF_8))),
                  "benchmark",
                  new AccountName("alice")));
      hub.hub().storage().createRepository(RepoId.parsePath("alice/model").orElseThrow(), false);
      String base = "http://127.0.0.1:" + hub.port();
      Path clone = dir.resolve("clone");
      git(
          dir,
          "clone",
          "http://x:" + token + "@127.0.0.1:" + hub.port() + "/alice/model",
          clone.toString());
      Files.createDirectories(clone.resolve(".eval_results"));
      // The floor: the same commits pushed by the same git to a bare repository on the same disk
      // (file://, no server), right after each push to the hub.
      Path floor = dir.resolve("floor.git");
      git(dir, "init", "-q", "--bare", floor.toString());
      git(clone, "remote", "add", "floor", floor.toUri().toString());
      double[] floorPush = new double[pushes];
      double[] total = new double[pushes];
      double[] afterPush = new double[pushes];
      URI board = URI.create(base + "/api/datasets/alice/bench/leaderboard?task_id=t1");
      for (int i = 0; i < pushes; i++) {
        String value = (1000 + i) + ".5";
        Files.writeString(
            clone.resolve(".eval_results/r.yaml"),
            "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n");
        git(clone, "add", ".");
        git(clone, "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-qm", "v" + i);
        long start = System.nanoTime();
        git(clone, "push", "-q", "origin", "main");
        long pushed = System.nanoTime();
        while (!http.send(
                HttpRequest.newBuilder(board).build(), HttpResponse.BodyHandlers.ofString())
            .body()
            .contains("\"value\":" + value)) {
          Thread.onSpinWait();
        }
        long visible = System.nanoTime();
        total[i] = (visible - start) / 1e6;
        afterPush[i] = (visible - pushed) / 1e6;
        long floorStart = System.nanoTime();
        git(clone, "push", "-q", "floor", "main");
        floorPush[i] = (System.nanoTime() - floorStart) / 1e6;
      }
      System.out.println("push to visible:        " + Percentiles.of(total).summary());
      System.out.println("after git push returned: " + Percentiles.of(afterPush).summary());
      Percentiles floorTimes = Percentiles.of(floorPush);
      System.out.println("git push to file:// (floor): " + floorTimes.summary());
      System.out.printf(
          java.util.Locale.ROOT,
          "push to visible p99 %.1f ms (target 250 ms); floor p99 %.1f ms; ratio %.2f%n",
          Percentiles.of(total).at(99),
          floorTimes.at(99),
          Percentiles.of(total).at(99) / floorTimes.at(99));
    }
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
    }
  }
}
