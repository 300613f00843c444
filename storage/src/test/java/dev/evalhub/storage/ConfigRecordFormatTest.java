package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format of the configuration records in admin.git: files written by the record classes
 * before they shared {@link ConfigRecordStore} (kept as fixtures under {@code records/}) read as
 * the same records, and the store writes them byte for byte as before.
 */
class ConfigRecordFormatTest {

  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  private static final Mirror MIRROR =
      new Mirror(
          "0123456789ab",
          "https://hub.example",
          MirrorKind.API,
          List.of(
              RepoId.parsePath("alice/gpt").orElseThrow(),
              RepoId.parsePath("datasets/alice/bench").orElseThrow()),
          Duration.ofMinutes(90),
          "evalhub",
          T0,
          true);

  private static final Webhook WEBHOOK =
      new Webhook(
          "0123456789abcdef01234567",
          "alice",
          "https://example.com/hook",
          List.of(new Watch("user", "alice"), new Watch("model", "alice/gpt")),
          Set.of("repo", "discussion"),
          Optional.of("s3cret"),
          true,
          false,
          T0,
          T0.plusSeconds(60));

  private static final Job JOB =
      new Job(
          new JobId("0123456789abcdef"),
          "alice",
          new RepoId(RepoType.MODEL, "alice", "gpt"),
          new CommitId("a".repeat(40)),
          new RepoId(RepoType.DATASET, "bench", "tiny"),
          new CommitId("b".repeat(40)),
          "tiny_gen",
          "tiny-python",
          JobState.FAILED,
          2,
          Optional.of("exit status 1"),
          Optional.of(7),
          T0,
          T0.plusSeconds(60),
          "evalhub-runner");

  @TempDir Path data;

  @Test
  void recordsWrittenBeforeTheSharedStoreReadTheSame() throws IOException {
    plant(RefNames.mirrorRecord(MIRROR.id()), MirrorRecords.FILE, fixture(MirrorRecords.FILE));
    plant(RefNames.webhookRecord(WEBHOOK.id()), WebhookRecords.FILE, fixture(WebhookRecords.FILE));
    plant(RefNames.jobRecord(JOB.id().value()), JobRecords.FILE, fixture(JobRecords.FILE));

    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(storage.mirrors().get(MIRROR.id())).contains(MIRROR);
      assertThat(storage.mirrors().list()).containsExactly(MIRROR);
      assertThat(storage.webhooks().get(WEBHOOK.id())).contains(WEBHOOK);
      assertThat(storage.webhooks().list()).containsExactly(WEBHOOK);
      assertThat(storage.jobs().get(JOB.id())).contains(JOB);
      assertThat(storage.jobs().list()).containsExactly(JOB);
    }
  }

  @Test
  void theStoreWritesEachRecordByteForByteAsBefore() throws IOException {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.mirrors().create(MIRROR);
      storage.webhooks().create(WEBHOOK);
      storage.jobs().create(JOB);
    }

    assertThat(read(RefNames.mirrorRecord(MIRROR.id()), MirrorRecords.FILE))
        .isEqualTo(fixture(MirrorRecords.FILE));
    assertThat(read(RefNames.webhookRecord(WEBHOOK.id()), WebhookRecords.FILE))
        .isEqualTo(fixture(WebhookRecords.FILE));
    assertThat(read(RefNames.jobRecord(JOB.id().value()), JobRecords.FILE))
        .isEqualTo(fixture(JobRecords.FILE));
  }

  @Test
  void aCorruptRecordIsNamedWithItsRef() throws IOException {
    plant(
        RefNames.mirrorRecord(MIRROR.id()),
        MirrorRecords.FILE,
        "[mirror]\n\tid = 0123456789ab\n\tkind = ftp\n".getBytes(StandardCharsets.UTF_8));

    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThatThrownBy(() -> storage.mirrors().get(MIRROR.id()))
          .isInstanceOf(StorageException.class)
          .hasMessage(
              "corrupt mirror record refs/meta/mirrors/0123456789ab in admin.git: bad kind");
    }
  }

  @Test
  void aChangeThatRenamesARecordIsRefusedAndWritesNothing() {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.webhooks().create(WEBHOOK);
      Webhook renamed =
          new Webhook(
              "76543210fedcba9876543210",
              "alice",
              "https://example.com/other",
              List.of(),
              Set.of("repo"),
              Optional.empty(),
              false,
              false,
              T0,
              T0.plusSeconds(120));

      assertThatThrownBy(() -> storage.webhooks().update(WEBHOOK.id(), w -> renamed, "Rename"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a change cannot rename webhook " + WEBHOOK.id());
      assertThat(storage.webhooks().list()).containsExactly(WEBHOOK);
    }
  }

  private static byte[] fixture(String file) throws IOException {
    try (InputStream in = ConfigRecordFormatTest.class.getResourceAsStream("records/" + file)) {
      return in.readAllBytes();
    }
  }

  /** Writes one commit holding {@code file} on {@code ref} of admin.git with plain JGit. */
  private void plant(String ref, String file, byte[] bytes) throws IOException {
    try (Repository admin = adminRepository();
        ObjectInserter inserter = admin.newObjectInserter()) {
      if (!admin.getObjectDatabase().exists()) {
        admin.create(true);
      }
      TreeFormatter tree = new TreeFormatter();
      tree.append(file, FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, bytes));
      CommitBuilder commit = new CommitBuilder();
      PersonIdent ident = new PersonIdent("alice", "alice@users.evalhub.invalid");
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("Fixture");
      commit.setTreeId(inserter.insert(tree));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = admin.updateRef(ref);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
    }
  }

  private byte[] read(String ref, String file) throws IOException {
    try (Repository admin = adminRepository();
        RevWalk walk = new RevWalk(admin);
        TreeWalk tree =
            TreeWalk.forPath(admin, file, walk.parseCommit(admin.resolve(ref)).getTree())) {
      return admin.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
    }
  }

  private Repository adminRepository() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(data.resolve("admin.git").toFile())
        .setBare()
        .build();
  }
}
