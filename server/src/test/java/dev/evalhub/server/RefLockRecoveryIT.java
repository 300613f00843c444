package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed during a ref update leaves {@code NAME.lock} files, and JGit never waits for a
 * lock: the hub removes them at start (a start after such a process, whose registration in {@code
 * DATA/writers} is left unlocked), and a lock that a live writer holds is answered with 503 {@code
 * RefLocked} and {@code Retry-After}, never with "moved meanwhile" (412) or "keeps moving" (409),
 * which clients retry forever.
 */
class RefLockRecoveryIT {

  private static final String RESULT =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  @TempDir Path temp;

  @Test
  void locksLeftByAKilledProcessAreRemovedAtStartAndEveryWriteWorksAgain() throws Exception {
    Path data = temp.resolve("data");
    String alice;
    String bob;
    try (TestHub hub = new TestHub(data).user("alice").user("bob").repo("alice/gpt", false)) {
      alice = hub.token("alice", Role.WRITE);
      bob = hub.token("bob", Role.WRITE);
      assertThat(commit(hub, "main?create_pr=1", bob, "pr.txt").statusCode()).isEqualTo(200);
    }
    Path repo = data.resolve("repos/models/alice/gpt.git");
    for (Path lock :
        new Path[] {
          repo.resolve("refs/heads/main.lock"),
          repo.resolve("packed-refs.lock"),
          repo.resolve("refs/meta/pr/1.lock"),
          repo.resolve("refs/notes/evalhub/pushes.lock"),
          repo.resolve("HEAD.lock"),
          repo.resolve("config.lock"),
          data.resolve("admin.git/refs/meta/accounts.lock"),
          data.resolve("admin.git/packed-refs.lock")
        }) {
      Files.createDirectories(lock.getParent());
      Files.writeString(lock, "0000000000000000000000000000000000000000\n");
    }
    // And its registration as a writer, which the OS unlocked when it died: what tells the next
    // start that the stop was not clean (a clean stop's start does not walk the repositories).
    Files.writeString(data.resolve("writers").resolve("killed-process"), "pid 1\n");

    try (TestHub hub = new TestHub(data)) {
      HubHttp http = new HubHttp(hub.baseUrl());
      hub.user("carol");
      assertThat(commit(hub, "main", alice, "a.txt").statusCode()).isEqualTo(200);
      GitCli git = new GitCli(temp.resolve("home"));
      assertThat(git.run(temp, "clone", "-q", hub.gitUrl("alice/gpt", alice), "clone").ok())
          .isTrue();
      Path clone = temp.resolve("clone");
      Files.createDirectories(clone.resolve(".eval_results"));
      Files.writeString(clone.resolve(".eval_results/hle.yaml"), RESULT);
      git.run(clone, "add", ".");
      git.run(clone, "commit", "-q", "-m", "Add a result");
      GitCli.Result push = git.run(clone, "push", "origin", "HEAD:main");
      assertThat(push.ok()).as(push.output()).isTrue();
      HttpResponse<String> merge =
          http.send("POST", "/api/models/alice/gpt/discussions/1/merge", alice, null);
      assertThat(merge.statusCode()).as(merge.body()).isEqualTo(200);
    }
    assertThat(Files.exists(repo.resolve("refs/heads/main.lock"))).isFalse();
    assertThat(Files.exists(data.resolve("admin.git/refs/meta/accounts.lock"))).isFalse();
  }

  @Test
  void aLockHeldByAnotherWriterIsAnswered503RefLockedNotMovedMeanwhile() throws Exception {
    try (TestHub hub =
        new TestHub(temp.resolve("data")).user("alice").user("bob").repo("alice/gpt", false)) {
      String alice = hub.token("alice", Role.WRITE);
      String bob = hub.token("bob", Role.WRITE);
      assertThat(commit(hub, "main?create_pr=1", bob, "pr.txt").statusCode()).isEqualTo(200);
      HubHttp http = new HubHttp(hub.baseUrl());
      Path repo = temp.resolve("data/repos/models/alice/gpt.git");
      Path mainLock = repo.resolve("refs/heads/main.lock");
      Files.writeString(mainLock, "held by a live writer\n");

      HttpResponse<String> commit = commit(hub, "main", alice, "a.txt");
      HttpResponse<String> merge =
          http.send("POST", "/api/models/alice/gpt/discussions/1/merge", alice, null);
      Path recordLock = repo.resolve("refs/meta/pr/1.lock");
      Files.writeString(recordLock, "held by a live writer\n");
      HttpResponse<String> comment =
          http.send(
              "POST",
              "/api/models/alice/gpt/discussions/1/comment",
              bob,
              "{\"comment\":\"hello\"}",
              "Content-Type",
              "application/json");

      for (HttpResponse<String> refused : java.util.List.of(commit, merge, comment)) {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("X-Error-Code")).hasValue("RefLocked");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("is locked by another writer; try again later");
      }
      Files.delete(mainLock);
      Files.delete(recordLock);
      assertThat(commit(hub, "main", alice, "a.txt").statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> commit(
      TestHub hub, String revision, String token, String path) throws Exception {
    String header = "{\"key\":\"header\",\"value\":{\"summary\":\"Add " + path + "\"}}";
    String file =
        "{\"key\":\"file\",\"value\":{\"content\":\""
            + Base64.getEncoder().encodeToString(path.getBytes(StandardCharsets.UTF_8))
            + "\",\"path\":\""
            + path
            + "\",\"encoding\":\"base64\"}}";
    return new HubHttp(hub.baseUrl())
        .send(
            "POST",
            "/api/models/alice/gpt/commit/" + revision,
            token,
            header + "\n" + file,
            "Content-Type",
            "application/x-ndjson");
  }
}
