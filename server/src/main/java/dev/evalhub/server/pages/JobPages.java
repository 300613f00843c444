package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.JobView;
import dev.evalhub.service.JobService;
import dev.evalhub.service.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The page of an evaluation job, {@code /jobs/{id}}: its record through {@link JobService#get}
 * (visible to whoever can read its model and benchmark; otherwise not found) and the last {@link
 * #LOG_TAIL_BYTES} of its log; while the job is queued or running the page reloads itself every
 * {@link #REFRESH_SECONDS} s. Thread-safe.
 */
final class JobPages {

  /** How much of the end of a log the page shows; the whole log is at {@code /api/jobs/ID/log}. */
  static final int LOG_TAIL_BYTES = 64 * 1024;

  /** How often the page of a queued or running job reloads itself, in seconds. */
  static final int REFRESH_SECONDS = 2;

  private final JobService jobs;

  JobPages(JobService jobs) {
    this.jobs = jobs;
  }

  JobView page(Chrome chrome, String id, Optional<Caller> caller) {
    if (!JobId.isJobId(id)) {
      throw HubException.notFound("no job with the id " + id);
    }
    Job job = jobs.get(caller, new JobId(id));
    Optional<Path> log = jobs.log(caller, job.id());
    String tail = log.map(JobPages::tail).orElse("");
    boolean cut = log.map(JobPages::size).orElse(0L) > LOG_TAIL_BYTES;
    String modelPath = "/" + job.model().urlPath();
    return new JobView(
        chrome,
        job.id().value(),
        job.state().word(),
        job.attempt(),
        job.requestedBy(),
        job.model().fullName(),
        modelPath,
        job.modelRevision().hex(),
        job.benchmark().fullName(),
        "/" + job.benchmark().urlPath(),
        job.benchmarkRevision().hex(),
        job.task(),
        job.recipe(),
        jobs.recipes()
            .byId(job.recipe())
            .map(Recipe::command)
            .map(command -> String.join(" ", command))
            .orElse("(the recipe is no longer configured)"),
        job.reason().orElse(""),
        job.pullRequest().map(n -> modelPath + "/discussions/" + n).orElse(""),
        job.pullRequest().map(n -> "#" + n).orElse(""),
        Times.format(job.created()),
        Times.format(job.updated()),
        tail,
        cut,
        "/api/jobs/" + job.id() + "/log",
        job.state().isActive() ? REFRESH_SECONDS : 0);
  }

  /**
   * Requests the evaluation that a page's form names ({@code model} and {@code benchmark} as
   * NS/NAME, the benchmark's {@code task}, an optional model {@code revision}) for {@code caller}
   * through {@link JobService#request}, whose refusals pass through with their text.
   *
   * @throws HubException INVALID for a missing field or a name that is not NS/NAME
   */
  JobId request(Caller caller, String model, String revision, String benchmark, String task) {
    Job job =
        jobs.request(
            caller,
            repo(RepoType.MODEL, "model", model),
            Optional.ofNullable(revision).map(String::strip).filter(r -> !r.isEmpty()),
            repo(RepoType.DATASET, "benchmark", benchmark),
            Optional.ofNullable(task)
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> HubException.invalid("the form names no task")));
    return job.id();
  }

  private static RepoId repo(RepoType type, String field, String text) {
    String name = Optional.ofNullable(text).map(String::strip).orElse("");
    if (name.isEmpty()) {
      throw HubException.invalid("the form names no " + field);
    }
    return RepoId.parsePath(type.urlPrefix() + name)
        .filter(id -> name.split("/", -1).length == 2)
        .orElseThrow(
            () -> HubException.invalid("the " + field + " must be NS/NAME, got \"" + name + "\""));
  }

  private static long size(Path log) {
    return log.toFile().length();
  }

  private static String tail(Path log) {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
      channel.read(buffer, start);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }
}
