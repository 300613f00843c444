package dev.evalhub.storage;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Evaluation job records, NoteDb-style, in {@code admin.git}: one ref per job, {@link
 * RefNames#jobRecord refs/meta/jobs/<id>}, whose commits each hold the whole record as the
 * git-config file {@code job.config}; every change of a job (queued, claimed, its pull request,
 * ended, cancelled, retried) is one commit by the account that made it, at the record's update
 * time, moved by compare-and-set ({@link RefWriter}). A change that lost the race to another writer
 * (a second worker claiming the same job, a cancel during a claim) is applied again to the record
 * as the winner left it, so it sees the winner's state and may refuse. The command line, a server
 * and a separate runner process may all write. Thread-safe.
 */
public final class JobRecords implements AutoCloseable {

  /** The file each record commit holds. */
  public static final String FILE = "job.config";

  private static final String SECTION = "job";

  private final Repository repository;

  JobRecords(Path adminGitDir) {
    try {
      this.repository =
          new FileRepositoryBuilder().setGitDir(adminGitDir.toFile()).setBare().build();
      if (!repository.getObjectDatabase().exists()) {
        repository.create(true);
      }
    } catch (IOException | IllegalStateException e) {
      throw new StorageException("cannot open the administrative repository " + adminGitDir, e);
    }
  }

  /**
   * Records the new job {@code job} as its first commit.
   *
   * @throws HubException CONFLICT when a job with its id exists already
   */
  public void create(Job job) {
    try {
      RefWriter.Outcome outcome =
          write(job, ObjectId.zeroId(), "Queue job " + job.id() + ": " + summary(job));
      if (outcome != RefWriter.Outcome.UPDATED) {
        throw HubException.conflict("a job with the id " + job.id() + " exists already");
      }
    } catch (IOException e) {
      throw new StorageException("cannot record job " + job.id(), e);
    }
  }

  /** The job {@code id} as its record holds it now; empty when there is none. */
  public Optional<Job> get(JobId id) {
    try {
      return load(id).map(Loaded::job);
    } catch (IOException e) {
      throw new StorageException("cannot read job " + id, e);
    }
  }

  /** Every job, oldest first (ties by id). */
  public List<Job> list() {
    try {
      List<Job> jobs = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RefNames.JOB_RECORDS)) {
        Optional<String> id = RefNames.jobRecordId(ref.getName()).filter(JobId::isJobId);
        if (id.isPresent()) {
          load(new JobId(id.get())).ifPresent(loaded -> jobs.add(loaded.job()));
        }
      }
      jobs.sort(Comparator.comparing(Job::created).thenComparing(job -> job.id().value()));
      return List.copyOf(jobs);
    } catch (IOException e) {
      throw new StorageException("cannot list the jobs", e);
    }
  }

  /**
   * Applies {@code change} to the job {@code id} as recorded now and records the result as one
   * commit with {@code message}; when another writer moved the record first, applies it again to
   * what that writer left. {@code change} may throw (a {@link HubException}) to refuse; it may run
   * more than once. Returns the job as recorded.
   *
   * @throws HubException NOT_FOUND when there is no such job
   */
  public Job update(JobId id, UnaryOperator<Job> change, String message) {
    CrashPoint.reached("job-update");
    try {
      return RetryPolicy.run(
          () -> {
            Loaded before =
                load(id).orElseThrow(() -> HubException.notFound("no job with the id " + id));
            Job after = change.apply(before.job());
            if (after.equals(before.job())) {
              return Optional.of(after);
            }
            if (!after.id().equals(id)) {
              throw new IllegalArgumentException("a change cannot rename job " + id);
            }
            return write(after, before.commit(), message).isDone()
                ? Optional.of(after)
                : Optional.empty();
          },
          attempts ->
              new StorageException(
                  "the record of job " + id + " stayed busy after " + attempts + " attempts",
                  null));
    } catch (IOException e) {
      throw new StorageException("cannot update job " + id, e);
    }
  }

  private record Loaded(Job job, ObjectId commit) {}

  private Optional<Loaded> load(JobId id) throws IOException {
    Ref ref = repository.exactRef(RefNames.jobRecord(id.value()));
    if (ref == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      try (TreeWalk tree = TreeWalk.forPath(repository, FILE, commit.getTree())) {
        if (tree == null) {
          throw new StorageException("job record " + ref.getName() + " has no " + FILE, null);
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
        return Optional.of(new Loaded(parse(ref.getName(), bytes), commit.getId()));
      }
    }
  }

  private RefWriter.Outcome write(Job job, ObjectId expected, String message) throws IOException {
    PersonIdent ident =
        new PersonIdent(
            job.updatedBy(),
            job.updatedBy() + "@users.evalhub.invalid",
            job.updated(),
            ZoneOffset.UTC);
    ObjectId commit =
        new TreeBuilder(repository)
            .commit(
                expected.equals(ObjectId.zeroId()) ? null : expected,
                Map.of(FILE, Optional.of(bytes(job))),
                ident,
                message);
    return new RefWriter(repository)
        .update(RefNames.jobRecord(job.id().value()), expected, commit, ident, message);
  }

  private static String summary(Job job) {
    return job.model().fullName() + " on " + job.benchmark().fullName() + " " + job.task();
  }

  static byte[] bytes(Job job) {
    Config config = new Config();
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
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  static Job parse(String ref, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      return new Job(
          new JobId(config.getString(SECTION, null, "id")),
          config.getString(SECTION, null, "requestedBy"),
          repo(dev.evalhub.domain.RepoType.MODEL, config.getString(SECTION, null, "model")),
          CommitId.parse(config.getString(SECTION, null, "modelRevision")),
          repo(dev.evalhub.domain.RepoType.DATASET, config.getString(SECTION, null, "benchmark")),
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
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException(
          "corrupt job record " + ref + " in admin.git: " + e.getMessage(), e);
    }
  }

  private static RepoId repo(dev.evalhub.domain.RepoType type, String fullName) {
    String[] parts = fullName.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("not NAMESPACE/NAME: \"" + fullName + "\"");
    }
    return new RepoId(type, parts[0], parts[1]);
  }

  @Override
  public void close() {
    repository.close();
  }
}
