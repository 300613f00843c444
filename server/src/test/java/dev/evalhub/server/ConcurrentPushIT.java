package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPushIT {

  private static final int CLIENTS = 20;
  private static final int OWN_REPOS = 10;
  private static final int ATTEMPTS = 30;

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private String token;

  @BeforeEach
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/shared", false);
    for (int i = 0; i < OWN_REPOS; i++) {
      hub.repo("alice/own" + i, false);
    }
    token = hub.token("alice", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  /** A client's pushes: the commits git reported as accepted, to which repository. */
  private record Accepted(String repo, List<String> commits) {}

  @Test
  void twentyClientsPushAtOnceAndEveryAcceptedCommitIsInTheFinalHistory() throws Exception {
    List<Path> clones = new ArrayList<>();
    List<String> repos = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String repo = i < OWN_REPOS ? "alice/own" + i : "alice/shared";
      Path clone = temp.resolve("client" + i);
      git.ok(temp, "clone", "-q", hub.gitUrl(repo, token), clone.toString());
      repos.add(repo);
      clones.add(clone);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Accepted>> futures = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return pushWithRetries(repos.get(client), clones.get(client), client);
              }));
    }
    start.countDown();
    List<Accepted> accepted = new ArrayList<>();
    for (Future<Accepted> future : futures) {
      accepted.add(future.get());
    }
    pool.shutdown();

    Set<String> loggedCommits =
        hub.server().hub().storage().events().readAfter(0).stream()
            .map(e -> e.newId().hex())
            .collect(Collectors.toSet());
    for (Accepted client : accepted) {
      Path bare = temp.resolve("data/repos/models/" + client.repo() + ".git");
      for (String commit : client.commits()) {
        assertThat(git.run(bare, "merge-base", "--is-ancestor", commit, "refs/heads/main").ok())
            .as("%s reported accepted in %s", commit, client.repo())
            .isTrue();
        assertThat(loggedCommits).contains(commit);
      }
    }
    assertThat(accepted).allSatisfy(client -> assertThat(client.commits()).isNotEmpty());
    for (String repo : Set.copyOf(repos)) {
      GitCli.Result fsck =
          git.run(temp.resolve("data/repos/models/" + repo + ".git"), "fsck", "--strict");
      assertThat(fsck.ok()).as(repo + ": " + fsck.output()).isTrue();
    }
  }

  /**
   * Commits a file of its own and pushes; a push that loses a race is rebased and tried again, a
   * few times.
   */
  private Accepted pushWithRetries(String repo, Path clone, int client) throws Exception {
    Files.writeString(clone.resolve("client-" + client + ".txt"), "client " + client + "\n");
    git.ok(clone, "add", ".");
    git.ok(clone, "commit", "-q", "-m", "client " + client);
    List<String> pushed = new ArrayList<>();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (git.run(clone, "push", "-q", "origin", "main").ok()) {
        pushed.add(git.ok(clone, "rev-parse", "HEAD").strip());
        break;
      }
      // Jitter, so that the clients that lost a race do not meet again at the same instant.
      Thread.sleep(ThreadLocalRandom.current().nextInt(50, 300));
      git.run(clone, "pull", "-q", "--rebase", "origin", "main");
    }
    return new Accepted(repo, pushed);
  }
}
