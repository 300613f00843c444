package dev.evalhub.runner;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.JobService;
import dev.evalhub.service.Recipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's evaluation runner: a worker thread that, every {@code pollEvery}, claims queued jobs
 * whose recipe has a free slot ({@link Recipe#concurrency}) and runs each on a thread of its own
 * ({@link JobRun}). At start it makes sure the runner's account exists and queues again what a
 * previous runner left running. Only one runner works on a data folder: it holds {@code
 * DATA/runner/runner.lock} locked ({@link RunnerLock}), and a second one is refused. {@link #close}
 * stops it as a crash would, but cleanly: the running commands are destroyed and their jobs stay
 * running in their records, to be queued again at the next start. Thread-safe.
 */
public final class Runner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  /** How often a runner looks for queued jobs by default. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

  private final JobService jobs;
  private final Duration pollEvery;
  private final Limits limits = Limits.ofThisMachine();
  private final Map<JobId, JobRun> running = new ConcurrentHashMap<>();
  private final ExecutorService runs =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "evalhub-runner-job");
            thread.setDaemon(true);
            return thread;
          });
  private final Thread loop;
  private volatile boolean closed;
  private RunnerLock lock;

  private Runner(EvalHub hub, Duration pollEvery) {
    this.jobs = hub.jobs();
    this.pollEvery = pollEvery;
    this.loop = new Thread(this::loop, "evalhub-runner");
    this.loop.setDaemon(true);
  }

  /**
   * Starts a runner over {@code hub}'s jobs, looking for work every {@code pollEvery}.
   *
   * @throws HubException CONFLICT when another runner (of this or another process) works on the
   *     same data folder
   */
  public static Runner start(EvalHub hub, Duration pollEvery) {
    Runner runner = new Runner(hub, pollEvery);
    runner.lock = RunnerLock.acquire(runner.jobs.runnerLockFileAsRunner());
    try {
      runner.begin();
    } catch (RuntimeException e) {
      runner.lock.close();
      throw e;
    }
    return runner;
  }

  private void begin() {
    jobs.ensureRunnerAccountAsRunner();
    for (Job job : jobs.requeueInterruptedAsRunner()) {
      LOG.warn("job {} was left running by a stopped runner: now {}", job.id(), job.state().word());
      Path process = jobs.processFileAsRunner(job.id());
      if (Processes.stopIfAlive(process)) {
        LOG.warn("stopped the command of job {} that outlived the stopped runner", job.id());
      }
      Processes.forget(process);
    }
    LOG.info(
        "runner started: {} recipe(s), memory limits by {}",
        jobs.recipes().all().size(),
        limits.mechanism());
    loop.start();
  }

  /** The jobs this runner runs now. */
  public List<JobId> running() {
    return List.copyOf(running.keySet());
  }

  private void loop() {
    while (!closed) {
      try {
        Optional<Job> claimed;
        do {
          claimed = jobs.claimAsRunner(this::hasSlot);
          claimed.ifPresent(this::run);
        } while (claimed.isPresent() && !closed);
        Thread.sleep(pollEvery.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("the runner could not look for jobs: {}", e.getMessage(), e);
        try {
          Thread.sleep(pollEvery.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private boolean hasSlot(Job job) {
    Optional<Recipe> recipe = jobs.recipes().byId(job.recipe());
    if (recipe.isEmpty() || closed) {
      return false;
    }
    long busy =
        running.values().stream().filter(run -> run.job().recipe().equals(job.recipe())).count();
    return busy < recipe.get().concurrency();
  }

  private void run(Job job) {
    Recipe recipe = jobs.recipes().byId(job.recipe()).orElseThrow();
    JobRun run = new JobRun(jobs, job, recipe, limits);
    running.put(job.id(), run);
    LOG.info("running job {} (attempt {}) with recipe {}", job.id(), job.attempt(), recipe.id());
    runs.submit(
        () -> {
          try {
            run.run();
          } finally {
            running.remove(job.id());
          }
        });
  }

  /**
   * Stops looking for jobs and destroys the commands running now; their jobs stay running in their
   * records (queued again at the next start). Waits up to 10 s for the runs to end.
   */
  @Override
  public void close() {
    closed = true;
    loop.interrupt();
    running.values().forEach(JobRun::abort);
    runs.shutdown();
    try {
      loop.join(10_000);
      if (!runs.awaitTermination(10, TimeUnit.SECONDS)) {
        runs.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.close();
    }
  }
}
