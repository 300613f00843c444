package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused push or commit leaves nothing in the repository's object store, whatever refused it
 * (validation, permission, the size quota); an accepted one lands; both at once each behave.
 */
@Tag("hostile")
class QuarantineIT {

  private static final int BIG = 5 << 20;
  private static final String QUOTED_VALUE =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: \"20.9\"\n";
  private static final String VALID =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  /** The quota of the quota tests: room for a few small pushes, not for a 5 MB one. */
  private static final long QUOTA = 2 << 20;

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private String alice;
  private String bob;
  private Path objects;

  @BeforeEach
  void startHub() throws Exception {
    hub =
        new TestHub(ServerConfig.forTest(temp.resolve("data")).withMaxRepoBytes(64 << 20))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
    objects = temp.resolve("data/repos/models/alice/gpt.git/objects");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void pushRefusedForAnInvalidFileLeavesNoObject() throws Exception {
    Path clone = cloneWithBigCommit(alice, ".eval_results/bad.yaml", QUOTED_VALUE);
    long before = bytes(objects);

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains("remote: error: .eval_results/bad.yaml:4:10:");
    assertObjectsReturnTo(before);
  }

  @Test
  void strangerPushRefusedForPermissionLeavesNoObject() throws Exception {
    Path clone = cloneWithBigCommit(bob, "notes.txt", "bob's");
    long before = bytes(objects);

    GitCli.Result push = git.run(clone, "push", "origin", "main", "main:refs/heads/bob");

    assertThat(push.output()).contains("(only the writers of alice/gpt may push to it)");
    assertObjectsReturnTo(before);
  }

  @Test
  void packLargerThanWhatTheQuotaLeavesIsRefusedWithTheLimitAndLeavesNoObject() throws Exception {
    restartWithQuota(QUOTA);
    Path clone = cloneWithBigCommit(alice, "notes.txt", "fine");
    long before = bytes(objects);

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains(
            "remote: error: alice/gpt holds "
                + before
                + " bytes and this push's pack is"
                + " larger than the "
                + (QUOTA - before)
                + " bytes left under its limit of "
                + QUOTA
                + " bytes (max-repo-bytes)");
    assertObjectsReturnTo(before);
  }

  @Test
  void pushThatWouldPassTheQuotaOnceUnpackedIsRefusedAndLeavesNoObject() throws Exception {
    long before = bytes(objects);
    restartWithQuota(before + 30_000);
    Path clone = cloneAs(alice);
    randomFile(clone, "data.bin", 60_000);
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "data");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("remote: error: alice/gpt would hold ")
        .contains("over its limit of " + (before + 30_000) + " bytes (max-repo-bytes)");
    assertObjectsReturnTo(before);
  }

  @Test
  void pushWithinTheQuotaIsAccepted() throws Exception {
    restartWithQuota(QUOTA);
    Path clone = cloneAs(alice);
    randomFile(clone, "data.bin", 60_000);
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "data");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).as(push.output()).isTrue();
  }

  @Test
  void acceptedPushLandsAndAFreshCloneHasIt() throws Exception {
    Path clone = cloneAs(alice);
    write(clone, ".eval_results/hle.yaml", VALID);
    randomFile(clone, "data.bin", 100_000);
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "result and data");
    long before = bytes(objects);

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(bytes(objects)).isGreaterThan(before + 100_000);
    assertThat(cloneAs(null).resolve("data.bin")).hasSameBinaryContentAs(clone.resolve("data.bin"));
    await(() -> quarantines() == 0);
  }

  @Test
  void refusedAndAcceptedPushesAtOnceEachBehave() throws Exception {
    Path refused = cloneWithBigCommit(bob, "notes.txt", "bob's");
    Path accepted = cloneAs(alice);
    write(accepted, ".eval_results/hle.yaml", VALID);
    randomFile(accepted, "data.bin", 200_000);
    git.ok(accepted, "add", ".");
    git.ok(accepted, "commit", "-q", "-m", "result and data");
    long before = bytes(objects);

    CompletableFuture<GitCli.Result> bobPush =
        CompletableFuture.supplyAsync(() -> git.run(refused, "push", "origin", "main"));
    GitCli.Result alicePush = git.run(accepted, "push", "origin", "main");
    GitCli.Result bobResult = bobPush.join();

    assertThat(alicePush.ok()).as(alicePush.output()).isTrue();
    assertThat(bobResult.ok()).isFalse();
    assertThat(git.ok(temp, "ls-remote", hub.gitUrl("alice/gpt", null), "refs/heads/main"))
        .startsWith(git.ok(accepted, "rev-parse", "HEAD").strip());
    await(() -> quarantines() == 0);
    assertThat(bytes(objects) - before).isBetween(200_000L, 400_000L);
    assertThat(git.run(objects.getParent(), "fsck", "--strict").ok()).isTrue();
  }

  @Test
  void commitRefusedForAnInvalidFileLeavesNoObject() throws Exception {
    long before = bytes(objects);

    HttpResponse<String> response =
        commit(
            file(".eval_results/bad.yaml", QUOTED_VALUE.getBytes(StandardCharsets.UTF_8)),
            file("data.bin", random(1 << 20)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertObjectsReturnTo(before);
  }

  @Test
  void commitOverTheRepositoryQuotaIsRefusedWith413AndLeavesNoObject() throws Exception {
    restartWithQuota(QUOTA);
    long before = bytes(objects);

    HttpResponse<String> response = commit(file("data.bin", random(3 << 20)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("X-Error-Code")).contains("PayloadTooLarge");
    assertThat(response.body()).contains("over its limit of " + QUOTA + " bytes (max-repo-bytes)");
    assertObjectsReturnTo(before);
  }

  private void restartWithQuota(long quota) {
    hub.close();
    hub = new TestHub(ServerConfig.forTest(temp.resolve("data")).withMaxRepoBytes(quota));
  }

  private HttpResponse<String> commit(String... files) throws Exception {
    String header = "{\"key\":\"header\",\"value\":{\"summary\":\"Add files\"}}";
    return new HubHttp(hub.baseUrl())
        .send(
            "POST",
            "/api/models/alice/gpt/commit/main",
            alice,
            header + "\n" + String.join("\n", files),
            "Content-Type",
            "application/x-ndjson");
  }

  private static String file(String path, byte[] content) {
    return "{\"key\":\"file\",\"value\":{\"content\":\""
        + Base64.getEncoder().encodeToString(content)
        + "\",\"path\":\""
        + path
        + "\",\"encoding\":\"base64\"}}";
  }

  /** A clone as {@code token} with one new commit: 5 MB of random data and {@code path}. */
  private Path cloneWithBigCommit(String token, String path, String content) throws Exception {
    Path clone = cloneAs(token);
    randomFile(clone, "weights.bin", BIG);
    write(clone, path, content);
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "big");
    return clone;
  }

  private void assertObjectsReturnTo(long before) throws Exception {
    // The quarantine is deleted just after git has its answer: wait for that, then nothing may
    // remain.
    await(() -> quarantines() == 0);
    assertThat(bytes(objects)).isEqualTo(before);
  }

  private long quarantines() throws IOException {
    try (Stream<Path> children = Files.list(objects)) {
      return children.filter(p -> p.getFileName().toString().startsWith("tmp_objdir-")).count();
    }
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(10);
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private Path cloneAs(String token) {
    return git.clone(hub.gitUrl("alice/gpt", token), temp);
  }

  private static void write(Path clone, String path, String content) throws IOException {
    Path file = clone.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void randomFile(Path clone, String path, int size) throws IOException {
    Files.write(clone.resolve(path), random(size));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
