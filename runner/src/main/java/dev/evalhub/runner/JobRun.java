package dev.evalhub.runner;

import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.service.JobService;
import dev.evalhub.service.Recipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one claimed job: checks out the model and the benchmark at their pinned commits
 * into a scratch folder, runs the recipe's command there as a subprocess (no shell; a cleared
 * environment with {@code PATH}, {@code HOME} and {@code TMPDIR} in the scratch folder) within its
 * time, memory and output limits, appends its stdout and stderr to the job's log, and hands the
 * output folder to {@link JobService#completeAsRunner}. Any failure ends the job failed with the
 * reason, and nothing is committed. {@link #abort} (the runner stopping) destroys the process tree
 * and leaves the job running in its record, for the next start to queue again. The scratch folder
 * is deleted afterwards; the log stays. Runs on one thread; {@link #abort} from another.
 */
final class JobRun implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CHECK = Duration.ofSeconds(1);

  private final JobService jobs;
  private final Job job;
  private final Recipe recipe;
  private final Limits limits;
  private final AtomicBoolean aborted = new AtomicBoolean();
  private final AtomicReference<Process> process = new AtomicReference<>();

  JobRun(JobService jobs, Job job, Recipe recipe, Limits limits) {
    this.jobs = jobs;
    this.job = job;
    this.recipe = recipe;
    this.limits = limits;
  }

  Job job() {
    return job;
  }

  /** Stops this run as if the runner died: the process tree is destroyed, the record untouched. */
  void abort() {
    aborted.set(true);
    Optional.ofNullable(process.get()).ifPresent(JobRun::destroyTree);
  }

  @Override
  public void run() {
    Path scratch = jobs.scratchAsRunner(job.id(), job.attempt());
    Path log = jobs.logFileAsRunner(job.id());
    try {
      Files.createDirectories(log.getParent());
      try (OutputStream out =
          Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        LogSink sink = new LogSink(out, recipe.outputLimitBytes());
        Optional<String> failure = attempt(scratch, sink);
        if (aborted.get()) {
          sink.note("the runner stopped; the job goes back to the queue at its next start");
          return;
        }
        Job ended =
            failure.isPresent()
                ? jobs.failAsRunner(job.id(), failure.get())
                : jobs.completeAsRunner(job.id(), scratch.resolve("output"));
        sink.note(
            "job "
                + ended.state().word()
                + ended.reason().map(r -> ": " + r).orElse("")
                + ended.pullRequest().map(pr -> " (pull request #" + pr + ")").orElse(""));
        LOG.info("job {} {}", job.id(), ended.state().word());
      }
    } catch (IOException | RuntimeException e) {
      if (!aborted.get()) {
        LOG.warn("job {} failed in the runner", job.id(), e);
        jobs.failAsRunner(job.id(), "the runner failed: " + e.getMessage());
      }
    } finally {
      if (!aborted.get()) {
        Processes.forget(jobs.processFileAsRunner(job.id()));
      }
      deleteTree(scratch);
    }
  }

  /** Runs the command; the reason it failed, or empty when it exited 0 within every limit. */
  private Optional<String> attempt(Path scratch, LogSink log) throws IOException {
    deleteTree(scratch);
    Path model = scratch.resolve("model");
    Path benchmark = scratch.resolve("benchmark");
    Path output = scratch.resolve("output");
    Path home = scratch.resolve("home");
    Files.createDirectories(output);
    Files.createDirectories(home.resolve("tmp"));
    log.note(
        "attempt "
            + job.attempt()
            + " of job "
            + job.id()
            + ": "
            + job.model().fullName()
            + "@"
            + job.modelRevision().hex()
            + " on "
            + job.benchmark().fullName()
            + "@"
            + job.benchmarkRevision().hex()
            + " task "
            + job.task()
            + ", recipe "
            + recipe.id());
    jobs.checkoutAsRunner(job, model, benchmark);
    List<String> argv =
        recipe.argv(
            Map.of(
                "model_path", model.toString(),
                "model_revision", job.modelRevision().hex(),
                "benchmark_path", benchmark.toString(),
                "benchmark_revision", job.benchmarkRevision().hex(),
                "task", job.task(),
                "output_dir", output.toString()));
    List<String> command = limits.wrap(argv, recipe.memoryBytes());
    log.note("command: " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", home.toString());
    env.put("TMPDIR", home.resolve("tmp").toString());
    env.put("LANG", "C.UTF-8");
    Process started;
    try {
      started = builder.start();
    } catch (IOException e) {
      return Optional.of("the command could not start: " + e.getMessage());
    }
    process.set(started);
    Processes.note(jobs.processFileAsRunner(job.id()), started.toHandle());
    if (aborted.get()) {
      destroyTree(started);
    }
    Thread pump = Pump.start(started.getInputStream(), log, started);
    Instant deadline = Instant.now().plus(recipe.timeout());
    Instant nextCheck = Instant.now().plus(CHECK);
    Optional<String> failure = Optional.empty();
    try {
      while (!started.waitFor(POLL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (aborted.get()) {
          destroyTree(started);
        } else if (Instant.now().isAfter(deadline)) {
          failure =
              Optional.of("the command ran past its time limit of " + human(recipe.timeout()));
          destroyTree(started);
        } else if (log.overflowed()) {
          failure = Optional.of(tooMuchLog());
          destroyTree(started);
        } else if (Instant.now().isAfter(nextCheck)) {
          nextCheck = Instant.now().plus(CHECK);
          if (jobs.currentAsRunner(job.id()).state() != JobState.RUNNING) {
            failure = Optional.of("the job was cancelled");
            destroyTree(started);
          } else if (size(output) > recipe.outputLimitBytes()) {
            failure = Optional.of(tooMuchOutput());
            destroyTree(started);
          }
        }
      }
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroyTree(started);
      aborted.set(true);
      return Optional.of("interrupted");
    }
    if (failure.isPresent() || aborted.get()) {
      return failure.or(() -> Optional.of("aborted"));
    }
    if (log.overflowed()) {
      return Optional.of(tooMuchLog());
    }
    int status = started.exitValue();
    log.note("the command exited with status " + status);
    if (status != 0) {
      return Optional.of(
          "the command exited with status "
              + status
              + (status > 128 ? " (killed by signal " + (status - 128) + ")" : "")
              + (recipe.memoryBytes() > 0
                  ? "; its memory limit was " + recipe.memoryBytes() + " bytes"
                  : "")
              + "; see the log");
    }
    long bytes = size(output);
    if (bytes > recipe.outputLimitBytes()) {
      return Optional.of(tooMuchOutput());
    }
    if (bytes == 0 && isEmpty(output)) {
      return Optional.of("the command wrote nothing into its output folder");
    }
    return Optional.empty();
  }

  private String tooMuchOutput() {
    return "the output folder passed its limit of " + recipe.outputLimitBytes() + " bytes";
  }

  private String tooMuchLog() {
    return "the command's log passed its limit of " + recipe.outputLimitBytes() + " bytes";
  }

  private static String human(Duration d) {
    return d.toSeconds() + " s";
  }

  /** Destroys {@code process} and every process it started, children first collected. */
  static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.toHandle().descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static long size(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.noneMatch(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS));
    }
  }

  static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  LOG.warn("cannot delete {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", folder, e.getMessage());
    }
  }

  /** The job's log: the command's bytes up to a limit, and the runner's own lines. */
  static final class LogSink {
    private final OutputStream out;
    private final long limit;
    private long written;
    private volatile boolean overflowed;

    LogSink(OutputStream out, long limit) {
      this.out = out;
      this.limit = limit;
    }

    synchronized void note(String line) throws IOException {
      out.write(
          ("[evalhub-runner " + Instant.now() + "] " + line + "\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    synchronized void write(byte[] bytes, int length) throws IOException {
      long room = limit - written;
      if (length > room) {
        overflowed = true;
        out.write(bytes, 0, (int) Math.max(0, room));
        written = limit;
      } else {
        out.write(bytes, 0, length);
        written += length;
      }
      out.flush();
    }

    boolean overflowed() {
      return overflowed;
    }
  }

  /** Copies a process's output into the log on a thread of its own. */
  private static final class Pump {
    static Thread start(InputStream in, LogSink log, Process process) {
      Thread pump =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try (in) {
                  int n;
                  while ((n = in.read(buffer)) > 0) {
                    log.write(buffer, n);
                    if (log.overflowed()) {
                      destroyTree(process);
                      return;
                    }
                  }
                } catch (IOException e) {
                  // the process ended or was destroyed: its output ends here
                }
              },
              "evalhub-runner-log");
      pump.setDaemon(true);
      pump.start();
      return pump;
    }

    private Pump() {}
  }
}
