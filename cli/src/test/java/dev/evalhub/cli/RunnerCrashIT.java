package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.service.EvalHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.storage.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code evalhub serve} with its runner, killed in the middle of a job: with {@code
 * kill -9} while the job's command runs (the next runner also stops the command the killed one left
 * running), and halted ({@code Runtime.halt}) right after the job's pull request was opened and
 * before the job recorded it, and right after it recorded it. After a restart the job is queued
 * again or found done, and ends succeeded with exactly one pull request.
 */
class RunnerCrashIT {

  private static final RepoId MODEL = RepoId.parsePath("alice/tiny-model").orElseThrow();
  private static final Path TINY_EVAL =
      Path.of("..", "runner", "src", "test", "resources", "tiny_eval.py").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path temp;
  private String bob;

  @Test
  void aServerKilledWhileTheCommandRunsCompletesTheJobOnceAfterARestart() throws Exception {
    Path data = temp.resolve("data");
    Path marker = temp.resolve("first-run");
    List<String> serve = setUp(data, List.of("--first_run_sleeps", marker.toString()));
    String id;
    ServeProcess hub = ServeProcess.start(data, List.of(), serve);
    try {
      id = request(hub.baseUrl());
      awaitFile(marker);
    } finally {
      hub.close(); // SIGKILL: no shutdown hook runs
    }
    // The command outlives the killed server (reparented); the next runner stops it.
    ProcessHandle orphan =
        ProcessHandle.of(Long.parseLong(Files.readString(marker).strip())).orElseThrow();
    try {
      JsonNode job = restartAndAwaitEnd(data, serve, id);

      assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
      assertThat(job.get("attempt").asInt()).isEqualTo(2);
      assertThat(pullRequests(data)).hasSize(1);
      orphan.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(orphan.isAlive()).isFalse();
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void aServerHaltedAfterOpeningThePullRequestRecordsThatOneAfterARestart() throws Exception {
    Path data = temp.resolve("data");
    List<String> serve = setUp(data, List.of());
    String id;
    // Job updates: 1 the claim, 2 recording its pull request (opened just before), 3 succeeded.
    try (ServeProcess hub =
        ServeProcess.start(data, List.of("-Devalhub.test.haltAt=job-update@2"), serve)) {
      id = request(hub.baseUrl());
      assertThat(hub.awaitExit()).isEqualTo(1);
    }
    assertThat(pullRequests(data)).hasSize(1);

    JsonNode job = restartAndAwaitEnd(data, serve, id);

    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.get("attempt").asInt()).isEqualTo(2);
    assertThat(job.get("pullRequest").asInt())
        .isEqualTo(pullRequests(data).get(0).number().value());
    assertThat(pullRequests(data)).hasSize(1);
  }

  @Test
  void aServerHaltedAfterRecordingThePullRequestMarksTheJobSucceededAfterARestart()
      throws Exception {
    Path data = temp.resolve("data");
    List<String> serve = setUp(data, List.of());
    String id;
    try (ServeProcess hub =
        ServeProcess.start(data, List.of("-Devalhub.test.haltAt=job-update@3"), serve)) {
      id = request(hub.baseUrl());
      assertThat(hub.awaitExit()).isEqualTo(1);
    }

    JsonNode job = restartAndAwaitEnd(data, serve, id);

    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
    assertThat(pullRequests(data)).hasSize(1);
  }

  @Test
  void aRunnerProcessOfItsOwnNextToServeCompletesAJobAndASecondRunnerIsRefused() throws Exception {
    Path data = temp.resolve("data");
    List<String> serve = setUp(data, List.of());
    Path recipes = Path.of(serve.get(1));
    Process runner = runnerProcess(data, recipes, temp.resolve("runner.out"));
    try (ServeProcess hub =
        ServeProcess.start(
            data, List.of(), List.of("--runner-recipes", recipes.toString(), "--runner=off"))) {
      awaitText(temp.resolve("runner.out"), "evalhub runner working on");
      String id = request(hub.baseUrl());
      JsonNode job = awaitEnd(hub, id);
      assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
      assertThat(pullRequests(data)).hasSize(1);
      String page =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/jobs/" + id)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(page)
          .contains("<td id=\"job-state\">succeeded")
          .contains("href=\"/alice/tiny-model/discussions/" + job.get("pullRequest").asInt())
          .contains("tiny_eval: exact_match 1.0000 over 2 documents");
      String pullRequest =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              hub.baseUrl()
                                  + "/alice/tiny-model/discussions/"
                                  + job.get("pullRequest").asInt()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(pullRequest).contains("href=\"/jobs/" + id + "\" id=\"pr-job\"");
      // The runner is another process: serve applies its pull request's event when it notices the
      // appended log (within its watch period), which may be after the job's record says succeeded.
      assertThat(
              awaitPage(
                  hub.baseUrl() + "/alice/tiny-model",
                  "<a class=\"job\" href=\"/jobs/" + id + "\""))
          .contains("<a class=\"job\" href=\"/jobs/" + id + "\"");

      Process second = runnerProcess(data, recipes, temp.resolve("second.out"));
      assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(Files.readString(temp.resolve("second.out")))
          .contains("evalhub: another runner works on this data folder (process " + runner.pid());
    } finally {
      runner.destroyForcibly();
      runner.waitFor();
    }
  }

  private static Process runnerProcess(Path data, Path recipes, Path output) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            Path.of("target", "evalhub.jar").toString(),
            "runner",
            "--data",
            data.toString(),
            "--recipes",
            recipes.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /** The page at {@code url} once it contains {@code text}, or the last one read after the wait. */
  private static String awaitPage(String url, String text) throws Exception {
    Instant deadline = Instant.now().plus(ServeProcess.WAIT);
    String page = "";
    while (Instant.now().isBefore(deadline)) {
      page =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (page.contains(text)) {
        return page;
      }
      Thread.sleep(100);
    }
    return page;
  }

  private static void awaitText(Path file, String text) throws Exception {
    Instant deadline = Instant.now().plus(ServeProcess.WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file) && Files.readString(file).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(file + " never said " + text);
  }

  /** The hub's data, keys and recipe file; returns the options of {@code serve}. */
  private List<String> setUp(Path data, List<String> extraArguments) throws Exception {
    try (TestStorage hub =
        TestStorage.open(data)
            .users("alice", "acme", "bob")
            .repo(MODEL)
            .repo("datasets/acme/tiny")) {
      bob = hub.token("bob", Role.WRITE);
      Storage storage = hub.storage();
      commit(storage, MODEL, "answers.json", "{\"0\": \"4\", \"1\": \"blue\"}\n");
      RepoId bench = RepoId.parsePath("datasets/acme/tiny").orElseThrow();
      commit(
          storage,
          bench,
          "data/tiny_gen.jsonl",
          "{\"id\": 0, \"question\": \"2 + 2?\", \"choices\": [\"3\", \"4\"], \"answer\": 1}\n"
              + "{\"id\": 1, \"question\": \"Sky?\", \"choices\": [\"blue\", \"red\"], \"answer\": 0}\n");
      commit(
          storage,
          bench,
          "eval.yaml",
          """
          name: Tiny
          description: A tiny generation benchmark.
          evaluation_framework: lm-evaluation-harness
          tasks:
            - id: tiny_gen
          evalhub:
            tasks:
              tiny_gen:
                sources:
                  - framework: lm-evaluation-harness
                    task: tiny_gen
                    metric: "exact_match,strict-match"
          """);
    }
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      admin.keys().createAsAdministrator("https://hub.example");
    }
    StringBuilder command =
        new StringBuilder("[python3, \"" + TINY_EVAL + "\", --model_path, \"{model_path}\",")
            .append(" --model_revision, \"{model_revision}\", --benchmark_path,")
            .append(" \"{benchmark_path}\", --benchmark_revision, \"{benchmark_revision}\",")
            .append(" --tasks, \"{task}\", --output_path, \"{output_dir}\"");
    for (String argument : extraArguments) {
      command.append(", \"").append(argument).append('"');
    }
    command.append(']');
    Path recipes = temp.resolve("recipes.yaml");
    Files.writeString(
        recipes,
        "recipes:\n  - id: tiny\n    benchmark: acme/tiny\n    framework: lm-evaluation-harness\n"
            + "    command: "
            + command
            + "\n    timeout: 300\n");
    return List.of("--runner-recipes", recipes.toString());
  }

  private String request(String baseUrl) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/jobs"))
                .header("Authorization", "Bearer " + bob)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"alice/tiny-model\", \"benchmark\": \"acme/tiny\","
                            + " \"task\": \"tiny_gen\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asText();
  }

  private JsonNode restartAndAwaitEnd(Path data, List<String> serve, String id) throws Exception {
    try (ServeProcess hub = ServeProcess.start(data, List.of(), serve)) {
      return awaitEnd(hub, id);
    }
  }

  private static JsonNode awaitEnd(ServeProcess hub, String id) throws Exception {
    String url = hub.baseUrl() + "/api/jobs/" + id;
    Instant deadline = Instant.now().plus(ServeProcess.WAIT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job =
          JSON.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(URI.create(url)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String state = job.get("state").asText();
      if (!state.equals("queued") && !state.equals("running")) {
        return job;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " did not end:\n" + hub.output());
  }

  private static List<PullRequest> pullRequests(Path data) {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      return storage.pullRequests().list(MODEL);
    }
  }

  private static void awaitFile(Path file) throws InterruptedException {
    Instant deadline = Instant.now().plus(ServeProcess.WAIT);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (Files.exists(file) && !Files.readString(file).isBlank()) {
          return;
        }
      } catch (java.io.IOException e) {
        // being written
      }
      Thread.sleep(100);
    }
    throw new AssertionError(file + " was never written");
  }

  private static void commit(Storage storage, RepoId repo, String path, String text) {
    assertThat(
            TestStorage.commitFile(storage, repo, path, text, "seed", repo.namespace())
                .isCommitted())
        .isTrue();
  }
}
