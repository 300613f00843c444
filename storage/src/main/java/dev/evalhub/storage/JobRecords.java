package dev.evalhub.storage;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;

/**
 * Evaluation job records in {@code admin.git}, a {@link ConfigRecordStore}: one ref per job, {@link
 * RefNames#jobRecord refs/meta/jobs/<id>}, whose commits each hold the whole record as the
 * git-config file {@code job.config}; every change of a job (queued, claimed, its pull request,
 * ended, cancelled, retried) is one commit by the account that made it, at the record's update
 * time. A change that lost the race to another writer (a second worker claiming the same job, a
 * cancel during a claim) is applied again to the record as the winner left it, so it sees the
 * winner's state and may refuse. The command line, a server and a separate runner process may all
 * write. Thread-safe.
 */
public final class JobRecords extends ConfigRecordStore<JobId, Job> {

  /** The file each record commit holds. */
  public static final String FILE = "job.config";

  JobRecords(Path adminGitDir) {
    super(adminGitDir, new Codec());
  }

  private static final class Codec extends ConfigRecordCodec<JobId, Job> {

    private static final String SECTION = "job";

    Codec() {
      super(
          SECTION,
          FILE,
          RefNames.JOB_RECORDS,
          text -> Optional.of(text).filter(JobId::isJobId).map(JobId::new),
          JobId::value,
          Job::id,
          Job::created);
    }

    /** Each update reaches {@code job-update} first (RunnerCrashIT). */
    @Override
    Optional<String> updateCrashPoint() {
      return Optional.of("job-update");
    }

    @Override
    String author(Job job) {
      return job.updatedBy();
    }

    @Override
    Instant time(Job job) {
      return job.updated();
    }

    @Override
    String createMessage(Job job) {
      return "Queue job "
          + job.id()
          + ": "
          + job.model().fullName()
          + " on "
          + job.benchmark().fullName()
          + " "
          + job.task();
    }

    @Override
    void write(Job job, Config config) {
      config.setString(SECTION, null, "id", job.id().value());
      config.setString(SECTION, null, "requestedBy", job.requestedBy());
      config.setString(SECTION, null, "model", job.model().fullName());
      config.setString(SECTION, null, "modelRevision", job.modelRevision().hex());
      config.setString(SECTION, null, "benchmark", job.benchmark().fullName());
      config.setString(SECTION, null, "benchmarkRevision", job.benchmarkRevision().hex());
      config.setString(SECTION, null, "task", job.task());
      config.setString(SECTION, null, "recipe", job.recipe());
      config.setString(SECTION, null, "state", job.state().word());
      config.setInt(SECTION, null, "attempt", job.attempt());
      job.reason().ifPresent(reason -> config.setString(SECTION, null, "reason", reason));
      job.pullRequest().ifPresent(pr -> config.setInt(SECTION, null, "pullRequest", pr));
      config.setString(SECTION, null, "created", job.created().toString());
      config.setString(SECTION, null, "updated", job.updated().toString());
      config.setString(SECTION, null, "updatedBy", job.updatedBy());
    }

    @Override
    Job read(Config config) {
      return new Job(
          new JobId(config.getString(SECTION, null, "id")),
          config.getString(SECTION, null, "requestedBy"),
          repo(RepoType.MODEL, config.getString(SECTION, null, "model")),
          CommitId.parse(config.getString(SECTION, null, "modelRevision")),
          repo(RepoType.DATASET, config.getString(SECTION, null, "benchmark")),
          CommitId.parse(config.getString(SECTION, null, "benchmarkRevision")),
          config.getString(SECTION, null, "task"),
          config.getString(SECTION, null, "recipe"),
          JobState.ofWord(config.getString(SECTION, null, "state")),
          config.getInt(SECTION, null, "attempt", 0),
          Optional.ofNullable(config.getString(SECTION, null, "reason")),
          Optional.ofNullable(config.getString(SECTION, null, "pullRequest"))
              .map(Integer::parseInt),
          Instant.parse(config.getString(SECTION, null, "created")),
          Instant.parse(config.getString(SECTION, null, "updated")),
          config.getString(SECTION, null, "updatedBy"));
    }

    private static RepoId repo(RepoType type, String fullName) {
      String[] parts = fullName.split("/", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("not NAMESPACE/NAME: \"" + fullName + "\"");
      }
      return new RepoId(type, parts[0], parts[1]);
    }
  }
}
