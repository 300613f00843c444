package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job records: one ref per job in admin.git, a commit per change, compare-and-set updates. */
class JobRecordsTest {

  private static final Instant T0 = Instant.parse("2026-11-30T18:00:00Z");

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void aJobIsReadBackWholeByAnotherStorageOfTheSameFolder() {
    Job job = queued(JobId.random());
    storage.jobs().create(job);
    Job failed =
        storage
            .jobs()
            .update(
                job.id(),
                j ->
                    j.claimed(T0.plusSeconds(1), "evalhub-runner")
                        .withPullRequest(7, T0.plusSeconds(2), "evalhub-runner")
                        .withState(
                            JobState.FAILED,
                            "exit status 1\nsee the log",
                            T0.plusSeconds(3),
                            "evalhub-runner"),
                "Fail");

    try (Storage other = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(other.jobs().get(job.id())).contains(failed);
      assertThat(other.jobs().list()).containsExactly(failed);
    }
    assertThat(failed.reason()).contains("exit status 1 see the log");
    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(failed.pullRequest()).contains(7);
  }

  @Test
  void everyChangeIsOneCommitByItsAccountAtItsTime() throws Exception {
    Job job = queued(JobId.random());
    storage.jobs().create(job);
    storage.jobs().update(job.id(), j -> j.claimed(T0.plusSeconds(60), "evalhub-runner"), "Claim");

    try (Repository admin =
            new FileRepositoryBuilder().setGitDir(data.resolve("admin.git").toFile()).build();
        RevWalk walk = new RevWalk(admin)) {
      RevCommit head =
          walk.parseCommit(admin.exactRef(RefNames.jobRecord(job.id().value())).getObjectId());
      assertThat(head.getShortMessage()).isEqualTo("Claim");
      assertThat(head.getAuthorIdent().getName()).isEqualTo("evalhub-runner");
      assertThat(head.getAuthorIdent().getWhenAsInstant()).isEqualTo(T0.plusSeconds(60));
      RevCommit first = walk.parseCommit(head.getParent(0));
      assertThat(first.getShortMessage()).startsWith("Queue job " + job.id());
      assertThat(first.getAuthorIdent().getName()).isEqualTo("alice");
      assertThat(first.getParentCount()).isZero();
    }
  }

  @Test
  void aSecondJobWithTheSameIdIsRefused() {
    Job job = queued(JobId.random());
    storage.jobs().create(job);

    assertThatThrownBy(() -> storage.jobs().create(job))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("exists already");
  }

  @Test
  void updatingAJobThatDoesNotExistIsNotFound() {
    JobId id = JobId.random();
    assertThatThrownBy(() -> storage.jobs().update(id, j -> j, "x"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("no job with the id " + id);
  }

  @Test
  void ofEightWorkersClaimingOneQueuedJobAtOnceExactlyOneGetsIt() throws Exception {
    Job job = queued(JobId.random());
    storage.jobs().create(job);
    List<Callable<Boolean>> claims = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      claims.add(
          () -> {
            start.await();
            try {
              storage
                  .jobs()
                  .update(
                      job.id(),
                      j -> {
                        if (j.state() != JobState.QUEUED) {
                          throw HubException.conflict("taken");
                        }
                        return j.claimed(T0.plusSeconds(5), "evalhub-runner");
                      },
                      "Claim");
              return true;
            } catch (HubException e) {
              return false;
            }
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      claims.forEach(c -> results.add(pool.submit(c)));
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(storage.jobs().get(job.id()).orElseThrow().attempt()).isEqualTo(1);
  }

  @Test
  void concurrentChangesOfOneJobAreAllApplied() throws Exception {
    Job job = queued(JobId.random());
    storage.jobs().create(job);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Job>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        results.add(
            pool.submit(
                () ->
                    storage
                        .jobs()
                        .update(
                            job.id(),
                            j -> j.claimed(j.updated().plusSeconds(1), "evalhub-runner"),
                            "Claim")));
      }
      for (Future<Job> result : results) {
        result.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(storage.jobs().get(job.id()).orElseThrow().attempt()).isEqualTo(12);
  }

  private static Job queued(JobId id) {
    return new Job(
        id,
        "alice",
        new RepoId(RepoType.MODEL, "alice", "gpt"),
        new CommitId("a".repeat(40)),
        new RepoId(RepoType.DATASET, "bench", "tiny"),
        new CommitId("b".repeat(40)),
        "tiny_gen",
        "tiny-python",
        JobState.QUEUED,
        0,
        Optional.empty(),
        Optional.empty(),
        T0,
        T0,
        "alice");
  }
}
