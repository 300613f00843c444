package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.storage.JobRecords;
import dev.evalhub.storage.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Evaluation jobs of the hub's runner (docs/RUNNER.md): requesting, reading, cancelling and
 * retrying them, the permission boundary of each; and the runner's side ({@code ...AsRunner}
 * methods, trusted like the command line's {@code ...AsAdministrator}): claiming a queued job,
 * checking out what it evaluates, recording how it ended, and putting back in the queue what a
 * stopped runner left running. Every change is one commit on the job's record ({@link JobRecords}),
 * so a claim is atomic across threads and processes. A job's results reach the model as one pull
 * request, opened by {@link #RUNNER_ACCOUNT} and recorded in the job before it is marked succeeded
 * ({@link JobResults}). Thread-safe.
 */
public final class JobService {

  /** The account the runner acts as: the author of its pull requests and job changes. */
  public static final String RUNNER_ACCOUNT = "evalhub-runner";

  /** How many jobs one account may have queued or running at once. */
  public static final int MAX_ACTIVE_JOBS_PER_ACCOUNT = 3;

  private final Storage storage;
  private final Permissions permissions;
  private final JobResults results;
  private final Clock clock;
  private volatile Recipes recipes = Recipes.NONE;

  JobService(
      Storage storage,
      Permissions permissions,
      ImportService imports,
      KeyService keys,
      Clock clock) {
    this.storage = storage;
    this.permissions = permissions;
    this.results = new JobResults(storage, imports, keys);
    this.clock = clock;
  }

  /**
   * Uses the operator's {@code recipes} from now on (set by the front end that reads the recipe
   * file, before it serves); with none, every request is refused.
   */
  public void useRecipes(Recipes recipes) {
    this.recipes = recipes;
  }

  public Recipes recipes() {
    return recipes;
  }

  /**
   * Whether a recipe of this hub runs the benchmark {@code benchmark} whose {@code eval.yaml} names
   * the evaluation framework {@code framework}: what {@link #request} needs besides access, a task
   * and the quota (the pages offer their "evaluate" button from it).
   */
  public boolean hasRecipe(RepoId benchmark, String framework) {
    return recipes.find(benchmark, framework).isPresent();
  }

  /**
   * Queues an evaluation of {@code model} at {@code revision} (a branch, tag or commit id; empty:
   * {@code main}) on the task {@code task} of {@code benchmark} at its {@code main}, both pinned to
   * their commits now, by {@code caller}: a signed-in account with a write token that can read
   * both. INVALID when the benchmark has no {@code eval.yaml} on main or no such task, when no
   * recipe of this hub runs it, or when either repository is private (not supported yet); CONFLICT
   * when the caller has {@link #MAX_ACTIVE_JOBS_PER_ACCOUNT} jobs queued or running.
   */
  public Job request(
      Caller caller, RepoId model, Optional<String> revision, RepoId benchmark, String task) {
    if (caller == null) {
      throw new HubException(
          HubException.Kind.UNAUTHENTICATED, "requesting an evaluation needs a signed-in account");
    }
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot request evaluations");
    }
    if (model.type() != RepoType.MODEL) {
      throw HubException.repoNotFound(model);
    }
    if (benchmark.type() != RepoType.DATASET) {
      throw HubException.repoNotFound(benchmark);
    }
    RepoInfo m = permissions.readable(model, Optional.of(caller));
    RepoInfo b = permissions.readable(benchmark, Optional.of(caller));
    for (RepoInfo repo : List.of(m, b)) {
      if (repo.isPrivate()) {
        throw HubException.invalid(
            repo.id() + " is private: the runner evaluates public repositories only (for now)");
      }
    }
    if (!Job.isWord(task)) {
      throw HubException.invalid("a task id is 1 to 128 of [A-Za-z0-9_.:-], got \"" + task + "\"");
    }
    String modelRevision = storage.contents().require(m.id(), revision.orElse("main")).commitId();
    String benchmarkRevision = storage.contents().require(b.id(), "main").commitId();
    Benchmark declared =
        storage
            .contents()
            .file(b.id(), benchmarkRevision, "eval.yaml")
            .flatMap(file -> storage.options().formats().readBenchmark(file.content()).value())
            .orElseThrow(
                () ->
                    HubException.invalid(
                        b.id() + " has no valid eval.yaml on main: it is not a benchmark"));
    if (declared.tasks().stream().noneMatch(t -> t.id().equals(task))) {
      throw HubException.invalid(
          "\""
              + task
              + "\" is not a task of "
              + b.id()
              + "; its tasks are "
              + declared.tasks().stream().map(BenchmarkTask::id).collect(Collectors.joining(", ")));
    }
    Recipe recipe =
        recipes
            .find(b.id(), declared.evaluationFramework())
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "this hub's runner has no recipe for "
                            + b.id().fullName()
                            + " with "
                            + declared.evaluationFramework()
                            + "; its operator adds one (docs/RUNNER.md)"));
    synchronized (this) {
      long active =
          storage.jobs().list().stream()
              .filter(j -> j.requestedBy().equals(caller.user()) && j.state().isActive())
              .count();
      if (active >= MAX_ACTIVE_JOBS_PER_ACCOUNT) {
        throw HubException.conflict(quotaMessage(caller.user()));
      }
      java.time.Instant now = clock.instant();
      Job job =
          new Job(
              JobId.random(),
              caller.user(),
              m.id(),
              CommitId.parse(modelRevision),
              b.id(),
              CommitId.parse(benchmarkRevision),
              task,
              recipe.id(),
              JobState.QUEUED,
              0,
              Optional.empty(),
              Optional.empty(),
              now,
              now,
              caller.user());
      storage.jobs().create(job);
      return job;
    }
  }

  /**
   * The job {@code id}, when {@code caller} can read its model and its benchmark; NOT_FOUND
   * otherwise, as for a job that does not exist.
   */
  public Job get(Optional<Caller> caller, JobId id) {
    return storage
        .jobs()
        .get(id)
        .filter(job -> visible(caller, job))
        .orElseThrow(() -> HubException.notFound("no job with the id " + id));
  }

  /**
   * How many jobs are in each state now, every state present (0 when none): counts only, for the
   * operators' metrics.
   */
  public Map<JobState, Long> countsByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0L);
    }
    storage.jobs().list().forEach(job -> counts.merge(job.state(), 1L, Long::sum));
    return counts;
  }

  /** The jobs {@code caller} can see, oldest first. */
  public List<Job> list(Optional<Caller> caller) {
    return storage.jobs().list().stream().filter(job -> visible(caller, job)).toList();
  }

  /**
   * The job whose results pull request {@code number} of {@code model} holds, as its record says,
   * when {@code caller} can see it; empty for any other pull request.
   */
  public Optional<Job> forPullRequest(Optional<Caller> caller, RepoId model, int number) {
    return storage.jobs().list().stream()
        .filter(job -> job.pullRequest().equals(Optional.of(number)))
        .filter(job -> job.model().fullName().equalsIgnoreCase(model.fullName()))
        .filter(job -> visible(caller, job))
        .findFirst();
  }

  /**
   * Cancels a queued or running job: its requester or a writer of its model, with a write token. A
   * running job's process is stopped by its runner within a few seconds; nothing is committed.
   * CONFLICT when the job has ended.
   */
  public Job cancel(Caller caller, JobId id) {
    Job job = mayChange(caller, id);
    return storage
        .jobs()
        .update(
            job.id(),
            current -> {
              if (!current.state().isActive()) {
                throw HubException.conflict(
                    "job " + id + " is " + current.state().word() + " already");
              }
              return current.withState(
                  JobState.CANCELLED,
                  "cancelled by " + caller.user(),
                  clock.instant(),
                  caller.user());
            },
            "Cancel job " + id);
  }

  /**
   * Puts a failed or cancelled job back in the queue, with the same pinned commits: its requester
   * or a writer of its model. CONFLICT when it is queued, running or succeeded, or when the
   * requester's quota is full.
   */
  public Job retry(Caller caller, JobId id) {
    Job job = mayChange(caller, id);
    synchronized (this) {
      long active =
          storage.jobs().list().stream()
              .filter(j -> j.requestedBy().equals(job.requestedBy()) && j.state().isActive())
              .count();
      if (active >= MAX_ACTIVE_JOBS_PER_ACCOUNT) {
        throw HubException.conflict(quotaMessage(job.requestedBy()));
      }
      return storage
          .jobs()
          .update(
              id,
              current -> {
                if (current.state() != JobState.FAILED && current.state() != JobState.CANCELLED) {
                  throw HubException.conflict(
                      "job "
                          + id
                          + " is "
                          + current.state().word()
                          + ": only a failed or"
                          + " cancelled job can be retried");
                }
                return current.withState(
                    JobState.QUEUED, "retried by " + caller.user(), clock.instant(), caller.user());
              },
              "Retry job " + id);
    }
  }

  /** Creates the runner's account ({@link #RUNNER_ACCOUNT}) when the hub has none of that name. */
  public void ensureRunnerAccountAsRunner() {
    if (storage.accounts().namespace(RUNNER_ACCOUNT).isEmpty()) {
      try {
        storage.accounts().createUser(RUNNER_ACCOUNT);
      } catch (HubException e) {
        if (storage.accounts().namespace(RUNNER_ACCOUNT).isEmpty()) {
          throw e;
        }
      }
    }
  }

  /**
   * At a runner's start: every job a stopped runner left running goes back to the queue, except one
   * whose pull request was recorded already, which is marked succeeded (its results were published;
   * running it again would open a second pull request). Returns the jobs changed. Only one runner
   * may work on a data folder: this would take the jobs of another live one.
   */
  public List<Job> requeueInterruptedAsRunner() {
    List<Job> changed = new ArrayList<>();
    for (Job job : storage.jobs().list()) {
      if (job.state() != JobState.RUNNING) {
        continue;
      }
      changed.add(
          storage
              .jobs()
              .update(
                  job.id(),
                  current -> {
                    if (current.state() != JobState.RUNNING) {
                      return current;
                    }
                    if (current.pullRequest().isPresent()) {
                      return current.withState(
                          JobState.SUCCEEDED, null, clock.instant(), RUNNER_ACCOUNT);
                    }
                    return current.withState(
                        JobState.QUEUED,
                        "the runner stopped during attempt " + current.attempt() + "; queued again",
                        clock.instant(),
                        RUNNER_ACCOUNT);
                  },
                  "Requeue job " + job.id() + " after the runner stopped"));
    }
    return changed;
  }

  /**
   * Claims the oldest queued job that {@code canRun} accepts (its recipe has a free slot): queued
   * becomes running with one attempt more, in one compare-and-set, so two runners never claim the
   * same job. Empty when there is none.
   */
  public Optional<Job> claimAsRunner(Predicate<Job> canRun) {
    for (Job job : storage.jobs().list()) {
      if (job.state() != JobState.QUEUED || !canRun.test(job)) {
        continue;
      }
      try {
        return Optional.of(
            storage
                .jobs()
                .update(
                    job.id(),
                    current -> {
                      if (current.state() != JobState.QUEUED) {
                        throw HubException.conflict("claimed by another runner");
                      }
                      return current.claimed(clock.instant(), RUNNER_ACCOUNT);
                    },
                    "Claim job " + job.id()));
      } catch (HubException e) {
        if (e.kind() != HubException.Kind.CONFLICT) {
          throw e;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The log of job {@code id} (what its command wrote to stdout and stderr, every attempt, with the
   * runner's own lines), when {@code caller} can see the job; empty before its first run.
   */
  public Optional<Path> log(Optional<Caller> caller, JobId id) {
    get(caller, id);
    Path log = logFileAsRunner(id);
    return java.nio.file.Files.isRegularFile(log) ? Optional.of(log) : Optional.empty();
  }

  /** Where the runner keeps the log of job {@code id}: {@code DATA/runner/jobs/<id>/log}. */
  public Path logFileAsRunner(JobId id) {
    return storage.dataDir().resolve("runner").resolve("jobs").resolve(id.value()).resolve("log");
  }

  /**
   * Where the runner notes the process of job {@code id}'s running attempt ({@code PID
   * START_MILLIS}), so that the next runner can stop a command that outlived a killed one.
   */
  public Path processFileAsRunner(JobId id) {
    return logFileAsRunner(id).resolveSibling("process");
  }

  /** The file a live runner holds locked, so that only one works on this data folder. */
  public Path runnerLockFileAsRunner() {
    return storage.dataDir().resolve("runner").resolve("runner.lock");
  }

  /** The scratch folder of the runner's attempt {@code attempt} of job {@code id}. */
  public Path scratchAsRunner(JobId id, int attempt) {
    return storage
        .dataDir()
        .resolve("runner")
        .resolve("scratch")
        .resolve(id.value() + "-" + attempt);
  }

  /** The job {@code id} as recorded now, for the runner (no permission). */
  public Job currentAsRunner(JobId id) {
    return storage
        .jobs()
        .get(id)
        .orElseThrow(() -> HubException.notFound("no job with the id " + id));
  }

  /**
   * Writes the model's tree at the job's pinned commit into {@code modelDir} and the benchmark's
   * into {@code benchmarkDir} (plain files; see {@code RepoContents.export}).
   */
  public void checkoutAsRunner(Job job, Path modelDir, Path benchmarkDir) {
    storage.contents().export(job.model(), job.modelRevision().hex(), modelDir);
    storage.contents().export(job.benchmark(), job.benchmarkRevision().hex(), benchmarkDir);
  }

  /**
   * Marks the running job {@code id} failed with {@code reason}; a job that is no longer running
   * (cancelled meanwhile) is left as it is. Returns the job as recorded.
   */
  public Job failAsRunner(JobId id, String reason) {
    return storage
        .jobs()
        .update(
            id,
            current ->
                current.state() == JobState.RUNNING
                    ? current.withState(JobState.FAILED, reason, clock.instant(), RUNNER_ACCOUNT)
                    : current,
            "Fail job " + id);
  }

  /**
   * Publishes what the running job {@code id} wrote into {@code outputDir}: imports it with the
   * importers, signs each entry with the hub's key (claims {@code job}, {@code model_revision},
   * {@code dataset_revision}), opens one pull request on the model as {@link #RUNNER_ACCOUNT},
   * records it in the job, then marks the job succeeded. When the job has a pull request already
   * (recorded, or opened by an attempt that stopped before recording it) that one is recorded and
   * nothing is opened. Output the importers refuse fails the job with the diagnostics, and nothing
   * is committed. A job no longer running is returned as it is.
   */
  public Job completeAsRunner(JobId id, Path outputDir) {
    Job job = currentAsRunner(id);
    if (job.state() != JobState.RUNNING) {
      return job;
    }
    Optional<Integer> opened = job.pullRequest().or(() -> results.openedFor(job));
    if (opened.isEmpty()) {
      JobResults.Published published = results.publish(job, outputDir);
      if (published.failure().isPresent()) {
        return failAsRunner(id, published.failure().get());
      }
      opened = published.pullRequest();
    }
    int number = opened.orElseThrow();
    storage
        .jobs()
        .update(
            id,
            current -> current.withPullRequest(number, clock.instant(), RUNNER_ACCOUNT),
            "Record pull request #" + number + " of job " + id);
    return storage
        .jobs()
        .update(
            id,
            current ->
                current.state() == JobState.RUNNING
                    ? current.withState(JobState.SUCCEEDED, null, clock.instant(), RUNNER_ACCOUNT)
                    : current,
            "Job " + id + " succeeded");
  }

  private Job mayChange(Caller caller, JobId id) {
    if (caller == null) {
      throw new HubException(HubException.Kind.UNAUTHENTICATED, "changing a job needs an account");
    }
    Job job = get(Optional.of(caller), id);
    boolean requester = job.requestedBy().equals(caller.user());
    if (!caller.canWrite()
        || !(requester || permissions.canWrite(Optional.of(caller), job.model()))) {
      throw HubException.forbidden(
          "only the requester of job "
              + id
              + " and the writers of "
              + job.model()
              + " may change it, with a write token");
    }
    return job;
  }

  private boolean visible(Optional<Caller> caller, Job job) {
    return canRead(caller, job.model()) && canRead(caller, job.benchmark());
  }

  private boolean canRead(Optional<Caller> caller, RepoId repo) {
    return storage
        .repositories()
        .find(repo)
        .filter(r -> permissions.canRead(caller, r))
        .isPresent();
  }

  private static String quotaMessage(String user) {
    return user
        + " has "
        + MAX_ACTIVE_JOBS_PER_ACCOUNT
        + " jobs queued or running, the most one account may have; wait for one to end or"
        + " cancel one";
  }
}
