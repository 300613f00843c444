package dev.evalhub.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import dev.evalhub.service.Recipes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end on a real data folder, with real subprocesses: a job is requested, its
 * command (the Python 3 {@code tiny_eval.py} of the test resources, writing genuine
 * lm-evaluation-harness 0.4 files) runs on checkouts at the pinned commits, the importers read its
 * output, the hub signs it and opens one pull request whose result is verified (its token names the
 * job) and reproduced from its samples. Commands that fail in each way end their jobs failed with
 * the reason, with no pull request and no commit; a runner stopped mid-job leaves the job to be
 * queued again and completed once by the next runner.
 */
class RunnerTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "tiny-model");
  private static final RepoId BENCH = new RepoId(RepoType.DATASET, "acme", "tiny");
  private static final Caller BOB = new Caller("bob", Role.WRITE);
  private static final String ISSUER = "https://hub.example";
  private static final String EVAL_YAML =
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
      """;
  private static final String QUESTIONS =
      """
      {"id": 0, "question": "What is 2 + 2?", "choices": ["3", "4", "5", "6"], "answer": 1}
      {"id": 1, "question": "What color is the sky on a clear day?", "choices": ["green", "blue"], "answer": 1}
      {"id": 2, "question": "Which animal barks?", "choices": ["cat", "cow", "dog", "fish"], "answer": 2}
      {"id": 3, "question": "What is the capital of France?", "choices": ["Paris", "Rome"], "answer": 0}
      {"id": 4, "question": "How many legs does a spider have?", "choices": ["six", "eight"], "answer": 1}
      """;
  private static final String ANSWERS =
      """
      {"0": "4", "1": "Blue", "2": "dog", "3": "Paris", "4": "six legs"}
      """;

  @TempDir Path data;
  private EvalHub hub;
  private Runner runner;
  private String mainBefore;

  @BeforeEach
  void open() {
    try (EvalHub admin = EvalHub.openAdministration(data)) {
      admin.keys().createAsAdministrator(ISSUER);
    }
    hub = EvalHub.open(HubOptions.of(data));
    for (String user : List.of("alice", "acme", "bob")) {
      hub.accounts().createUserAsAdministrator(user);
    }
    hub.repositories().createAsAdministrator(MODEL, false);
    hub.repositories().createAsAdministrator(BENCH, false);
    commit(MODEL, "answers.json", ANSWERS);
    commit(BENCH, "data/tiny_gen.jsonl", QUESTIONS);
    commit(BENCH, "eval.yaml", EVAL_YAML);
    mainBefore = mainOfModel();
  }

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
    hub.close();
  }

  @Test
  void aJobRunsEndToEndIntoOneVerifiedAndReproducedPullRequest() throws Exception {
    useRecipe(tinyEval(), "timeout: 120\n    memory: 2147483648");
    runner = Runner.start(hub, Duration.ofMillis(100));
    // The model changes after the request: the job evaluates the commit it pinned.
    Job requested = hub.jobs().request(BOB, MODEL, Optional.empty(), BENCH, "tiny_gen");
    commit(
        MODEL,
        "answers.json",
        "{\"0\": \"4\", \"1\": \"blue\", \"2\": \"dog\", \"3\": \"Paris\", \"4\": \"eight\"}\n");

    Job job = awaitEnd(requested);

    assertThat(job.state()).as("reason: %s", job.reason()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.attempt()).isEqualTo(1);
    List<PullRequest> prs = hub.pullRequests().list(MODEL, Optional.empty());
    assertThat(prs).hasSize(1);
    PullRequest pr = prs.get(0);
    assertThat(job.pullRequest()).contains(pr.number().value());
    assertThat(pr.author()).isEqualTo("evalhub-runner");
    assertThat(pr.title()).contains("[job " + job.id() + "]");
    EvalResult.Valid result =
        hub.leaderboards().evalResults(MODEL, Optional.empty()).stream()
            .filter(EvalResult.Valid.class::isInstance)
            .map(EvalResult.Valid.class::cast)
            .filter(r -> r.location().pullRequest().isPresent())
            .findFirst()
            .orElseThrow();
    assertThat(result.entry().value()).isEqualTo(0.8);
    assertThat(result.verdict().verified()).as("%s", result.verdict().failure()).isTrue();
    assertThat(result.badges())
        .extracting(Badge::kind)
        .contains(Badge.Kind.VERIFIED, Badge.Kind.REPRODUCED, Badge.Kind.COMMUNITY);
    String claims = claims(result.entry().verifyToken());
    assertThat(claims)
        .contains("\"job\":\"" + job.id() + "\"")
        .contains("\"model_revision\":\"" + requested.modelRevision().hex() + "\"")
        .contains("\"dataset_revision\":\"" + requested.benchmarkRevision().hex() + "\"");
    assertThat(Files.readString(hub.jobs().logFileAsRunner(job.id())))
        .contains("tiny_eval: exact_match 0.8000 over 5 documents")
        .contains("job succeeded");
    assertThat(Files.exists(hub.jobs().scratchAsRunner(job.id(), 1))).isFalse();
  }

  @Test
  void aCommandThatExitsWithAnErrorFailsTheJobWithItsLog() throws Exception {
    assertFails(
        "[python3, -c, \"import sys; print('boom', flush=True); sys.exit(3)\", \"{output_dir}\"]",
        "timeout: 60",
        "the command exited with status 3; see the log");
    assertThat(
            Files.readString(
                hub.jobs().logFileAsRunner(hub.jobs().list(Optional.empty()).get(0).id())))
        .contains("boom");
  }

  @Test
  void aCommandPastItsTimeLimitIsDestroyed() throws Exception {
    Instant start = Instant.now();
    assertFails(
        "[python3, -c, \"import time; time.sleep(120)\", \"{output_dir}\"]",
        "timeout: 2",
        "the command ran past its time limit of 2 s");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aCommandThatWritesNothingFails() throws Exception {
    assertFails(
        "[python3, -c, \"pass\", \"{output_dir}\"]",
        "timeout: 60",
        "the command wrote nothing into its output folder");
  }

  @Test
  void garbageTheImportersRefuseFailsTheJob() throws Exception {
    assertFails(
        "[python3, -c, \"import sys; open(sys.argv[1] + '/results_2026-01-01T00-00-00.000000.json',"
            + " 'w').write('{not json')\", \"{output_dir}\"]",
        "timeout: 60",
        "the importers refused the output: ");
  }

  @Test
  void aSymbolicLinkInTheOutputIsNeverFollowed() throws Exception {
    assertFails(
        "[python3, -c, \"import os, sys; os.symlink('/etc/passwd', sys.argv[1] + '/results.json')\","
            + " \"{output_dir}\"]",
        "timeout: 60",
        "the command wrote nothing into its output folder");
  }

  @Test
  void anOutputFolderPastItsLimitFailsTheJob() throws Exception {
    assertFails(
        "[python3, -c, \"import sys; open(sys.argv[1] + '/big.json', 'w').write('x' * 2000000)\","
            + " \"{output_dir}\"]",
        "timeout: 60\n    output_limit: 1000000",
        "the output folder passed its limit of 1000000 bytes");
  }

  @Test
  void aCommandPastItsMemoryLimitFails() throws Exception {
    assertFails(
        "[python3, -c, \"x = bytearray(1024 * 1024 * 1024)\", \"{output_dir}\"]",
        "timeout: 60\n    memory: 268435456",
        "the command exited with status 1; its memory limit was 268435456 bytes; see the log");
  }

  @Test
  void aRunnerStoppedMidJobLeavesItToTheNextWhichCompletesItOnce() throws Exception {
    Path marker = data.resolve("first-run-marker");
    useRecipe(tinyEval().replace("]", ", --first_run_sleeps, \"" + marker + "\"]"), "timeout: 300");
    runner = Runner.start(hub, Duration.ofMillis(100));
    Job requested = hub.jobs().request(BOB, MODEL, Optional.empty(), BENCH, "tiny_gen");
    awaitLog(requested, "tiny_eval: sleeping");

    runner.close();
    assertThat(hub.jobs().get(Optional.empty(), requested.id()).state())
        .isEqualTo(JobState.RUNNING);
    runner = Runner.start(hub, Duration.ofMillis(100));
    Job job = awaitEnd(requested);

    assertThat(job.state()).as("reason: %s", job.reason()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(hub.pullRequests().list(MODEL, Optional.empty())).hasSize(1);
    assertThat(Files.readString(hub.jobs().logFileAsRunner(job.id())))
        .contains("the runner stopped; the job goes back to the queue")
        .contains("attempt 2 of job " + job.id());
  }

  @Test
  void cancellingARunningJobStopsItsCommandAndPublishesNothing() throws Exception {
    Path marker = data.resolve("first-run-marker");
    useRecipe(tinyEval().replace("]", ", --first_run_sleeps, \"" + marker + "\"]"), "timeout: 300");
    runner = Runner.start(hub, Duration.ofMillis(100));
    Job requested = hub.jobs().request(BOB, MODEL, Optional.empty(), BENCH, "tiny_gen");
    awaitLog(requested, "tiny_eval: sleeping");
    ProcessHandle command =
        ProcessHandle.of(Long.parseLong(Files.readString(marker).strip())).orElseThrow();

    Job cancelled = hub.jobs().cancel(BOB, requested.id());

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    command.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    awaitLog(requested, "job cancelled");
    assertThat(hub.jobs().get(Optional.empty(), requested.id()).reason())
        .contains("cancelled by bob");
    assertThat(hub.pullRequests().list(MODEL, Optional.empty())).isEmpty();
    assertThat(mainOfModel()).isEqualTo(mainBefore);
  }

  @Test
  void aSecondRunnerOnTheSameDataFolderIsRefused() {
    useRecipe("[python3, -c, pass, \"{output_dir}\"]", "timeout: 60");
    runner = Runner.start(hub, Duration.ofMillis(100));

    assertThatThrownBy(() -> Runner.start(hub, Duration.ofMillis(100)))
        .isInstanceOf(HubException.class)
        .hasMessageStartingWith("another runner works on this data folder");
    runner.close();
    runner = Runner.start(hub, Duration.ofMillis(100));
    assertThat(runner.running()).isEmpty();
  }

  private void assertFails(String command, String limits, String reason) throws Exception {
    useRecipe(command, limits);
    runner = Runner.start(hub, Duration.ofMillis(100));
    Job job = awaitEnd(hub.jobs().request(BOB, MODEL, Optional.empty(), BENCH, "tiny_gen"));

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.reason().orElseThrow()).startsWith(reason);
    assertThat(job.pullRequest()).isEmpty();
    assertThat(hub.pullRequests().list(MODEL, Optional.empty())).isEmpty();
    assertThat(mainOfModel()).isEqualTo(mainBefore);
    assertThat(Files.readString(hub.jobs().logFileAsRunner(job.id()))).contains("job failed");
  }

  private String tinyEval() throws Exception {
    Path script = Path.of(RunnerTest.class.getResource("/tiny_eval.py").toURI());
    return "[python3, \""
        + script
        + "\", --model_path, \"{model_path}\", --model_revision, \"{model_revision}\","
        + " --benchmark_path, \"{benchmark_path}\", --benchmark_revision,"
        + " \"{benchmark_revision}\", --tasks, \"{task}\", --output_path, \"{output_dir}\"]";
  }

  private void useRecipe(String command, String limits) {
    String yaml =
        """
        recipes:
          - id: tiny
            benchmark: acme/tiny
            framework: lm-evaluation-harness
            command: %s
            %s
        """
            .formatted(command, limits);
    hub.jobs().useRecipes(Recipes.parse("recipes.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private Job awaitEnd(Job job) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      Job now = hub.jobs().get(Optional.empty(), job.id());
      if (!now.state().isActive()) {
        return now;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + job.id() + " did not end in 120 s");
  }

  private void awaitLog(Job job, String text) throws Exception {
    Path log = hub.jobs().logFileAsRunner(job.id());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the log of job " + job.id() + " never said " + text);
  }

  private static String claims(String token) {
    String payload = token.split("\\.")[1];
    return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
  }

  private String mainOfModel() {
    return hub.contents().resolve(MODEL, "main", Optional.empty()).revision().commitId();
  }

  private void commit(RepoId repo, String path, String text) {
    hub.commits()
        .commitAsAdministrator(
            repo,
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(FileChange.put(path, text.getBytes(StandardCharsets.UTF_8))),
                "Add " + path,
                new AccountName(repo.namespace())));
  }
}
