package dev.evalhub.service;

import static dev.evalhub.service.ServiceFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requesting, reading, cancelling, retrying and claiming evaluation jobs, on a real data folder.
 */
class JobServiceTest {

  static final RepoId BENCH = new RepoId(RepoType.DATASET, "acme", "tiny");
  static final String EVAL_YAML =
      """
      name: Tiny
      description: A tiny benchmark.
      evaluation_framework: lm-evaluation-harness
      tasks:
        - id: gen
      """;
  static final Caller CAROL = new Caller("carol", Role.WRITE);

  @TempDir Path data;
  private ServiceFixture fixture;
  private JobService jobs;

  @BeforeEach
  void open() {
    fixture = new ServiceFixture(data);
    fixture.storage.accounts().createUser("acme");
    fixture.storage.accounts().createUser("carol");
    fixture.storage.createRepository(BENCH, false);
    fixture.commitAs(BENCH, "eval.yaml", EVAL_YAML);
    jobs = fixture.hub.jobs();
    jobs.useRecipes(
        Recipes.parse(
            "recipes.yaml",
            """
            recipes:
              - id: tiny
                benchmark: acme/tiny
                framework: lm-evaluation-harness
                command: [python3, eval.py, "{output_dir}"]
                timeout: 1m
            """
                .getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aRequestPinsTheModelAndBenchmarkCommitsAndQueuesTheJob() {
    Job job =
        jobs.request(
            ServiceFixture.STRANGER, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");

    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.requestedBy()).isEqualTo("bob");
    assertThat(job.recipe()).isEqualTo("tiny");
    assertThat(job.modelRevision().hex())
        .isEqualTo(fixture.storage.contents().require(ServiceFixture.PUBLIC, "main").commitId());
    assertThat(job.benchmarkRevision().hex())
        .isEqualTo(fixture.storage.contents().require(BENCH, "main").commitId());
    assertThat(jobs.get(ServiceFixture.ANONYMOUS, job.id())).isEqualTo(job);
  }

  @Test
  void requestsAreRefusedWithAPreciseReason() {
    assertRefused(
        () -> jobs.request(null, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen"),
        HubException.Kind.UNAUTHENTICATED);
    assertRefused(
        () ->
            jobs.request(
                ServiceFixture.STRANGER_READ_TOKEN,
                ServiceFixture.PUBLIC,
                Optional.empty(),
                BENCH,
                "gen"),
        HubException.Kind.FORBIDDEN);
    assertRefused(
        () ->
            jobs.request(
                ServiceFixture.STRANGER, ServiceFixture.PRIVATE, Optional.empty(), BENCH, "gen"),
        HubException.Kind.REPO_NOT_FOUND);
    assertThatThrownBy(
            () ->
                jobs.request(
                    ServiceFixture.STRANGER, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "mc"))
        .hasMessage("\"mc\" is not a task of datasets/acme/tiny; its tasks are gen");
    assertThatThrownBy(
            () ->
                jobs.request(
                    ServiceFixture.STRANGER,
                    ServiceFixture.PUBLIC,
                    Optional.of("nope"),
                    BENCH,
                    "gen"))
        .hasMessageContaining("revision \"nope\" not found");
    jobs.useRecipes(Recipes.NONE);
    assertThatThrownBy(
            () ->
                jobs.request(
                    ServiceFixture.STRANGER, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen"))
        .hasMessage(
            "this hub's runner has no recipe for acme/tiny with lm-evaluation-harness; its"
                + " operator adds one (docs/RUNNER.md)");
  }

  @Test
  void anAccountMayHaveThreeJobsQueuedOrRunning() {
    for (int i = 0; i < 3; i++) {
      jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
    }
    assertThatThrownBy(
            () -> jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen"))
        .isInstanceOf(HubException.class)
        .hasMessage(
            "carol has 3 jobs queued or running, the most one account may have; wait for one to"
                + " end or cancel one");
    jobs.cancel(CAROL, jobs.list(Optional.of(CAROL)).get(0).id());
    assertThat(jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen").state())
        .isEqualTo(JobState.QUEUED);
  }

  @Test
  void onlyTheRequesterOrAModelWriterCancelsAndRetries() {
    Job job = jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");

    assertRefused(
        () -> jobs.cancel(ServiceFixture.STRANGER, job.id()), HubException.Kind.FORBIDDEN);
    Job cancelled = jobs.cancel(ServiceFixture.WRITER, job.id());
    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.reason()).contains("cancelled by alice");
    assertRefused(() -> jobs.cancel(CAROL, job.id()), HubException.Kind.CONFLICT);
    Job retried = jobs.retry(CAROL, job.id());
    assertThat(retried.state()).isEqualTo(JobState.QUEUED);
    assertThat(retried.modelRevision()).isEqualTo(job.modelRevision());
    assertRefused(() -> jobs.retry(CAROL, job.id()), HubException.Kind.CONFLICT);
  }

  @Test
  void ofFourRunnersClaimingAtOnceEachGetsAnotherJob() throws Exception {
    for (Caller c : List.of(CAROL, ServiceFixture.STRANGER)) {
      jobs.request(c, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
      jobs.request(c, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Optional<Job>>> claims = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        claims.add(pool.submit(() -> jobs.claimAsRunner(job -> true)));
      }
      List<String> claimed = new ArrayList<>();
      for (Future<Optional<Job>> claim : claims) {
        claim.get().ifPresent(job -> claimed.add(job.id().value()));
      }
      assertThat(claimed).hasSize(4).doesNotHaveDuplicates();
    } finally {
      pool.shutdown();
    }
    assertThat(jobs.list(ServiceFixture.ANONYMOUS))
        .allSatisfy(
            job -> {
              assertThat(job.state()).isEqualTo(JobState.RUNNING);
              assertThat(job.attempt()).isEqualTo(1);
            });
  }

  @Test
  void aJobLeftRunningIsQueuedAgainAtTheRunnersStartUnlessItsPullRequestWasRecorded() {
    Job job = jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
    Job other = jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
    jobs.claimAsRunner(j -> j.id().equals(job.id()));
    jobs.claimAsRunner(j -> j.id().equals(other.id()));
    fixture
        .storage
        .jobs()
        .update(other.id(), j -> j.withPullRequest(4, j.updated(), "evalhub-runner"), "PR");

    jobs.requeueInterruptedAsRunner();

    Job requeued = jobs.get(ServiceFixture.ANONYMOUS, job.id());
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.reason()).contains("the runner stopped during attempt 1; queued again");
    assertThat(jobs.get(ServiceFixture.ANONYMOUS, other.id()).state())
        .isEqualTo(JobState.SUCCEEDED);
    assertThat(jobs.claimAsRunner(j -> true).orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void aCheckoutWritesBothTreesAtTheirPinnedCommits() throws Exception {
    Job job = jobs.request(CAROL, ServiceFixture.PUBLIC, Optional.empty(), BENCH, "gen");
    fixture.commit(ServiceFixture.PUBLIC, "main", "README.md", "# changed after the request\n");

    jobs.checkoutAsRunner(job, data.resolve("scratch/model"), data.resolve("scratch/bench"));

    assertThat(Files.readString(data.resolve("scratch/model/README.md"))).isEqualTo("# gpt\n");
    assertThat(Files.readString(data.resolve("scratch/bench/eval.yaml"))).isEqualTo(EVAL_YAML);
  }
}
