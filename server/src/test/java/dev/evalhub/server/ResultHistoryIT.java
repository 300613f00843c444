package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail of results across main and pull requests, with the accounts the hub recorded. */
class ResultHistoryIT {

  private static final String HISTORY = "/api/models/alice/gpt/results/history";
  private static final String DISCUSSIONS = "/api/models/alice/gpt/discussions";
  private static final String FILE = ".eval_results/hle.yaml";

  @TempDir Path temp;
  private TestHub hub;
  private GitCli git;
  private HubApi api;
  private String alice;
  private String bob;

  @BeforeEach
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob").repo("alice/gpt", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
    api = new HubApi(hub.baseUrl());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private Path cloneAs(String token) {
    return git.clone(hub.gitUrl("alice/gpt", token), temp);
  }

  /**
   * Commits as "Test User" (the git configuration of the tests): the hub must name the pushing
   * account instead.
   */
  private Path commit(Path clone, String content, String message) {
    return git.commitFile(clone, FILE, content, message);
  }

  private static List<String> describe(JsonNode steps) {
    List<String> lines = new ArrayList<>();
    for (JsonNode step : steps) {
      String values =
          step.get("type").asText().startsWith("pr-")
              ? ""
              : " " + step.get("old").asText("-") + "->" + step.get("new").asText("-");
      String pr = step.get("pullRequest").isNull() ? "" : " #" + step.get("pullRequest").asInt();
      lines.add(
          step.get("type").asText()
              + " by "
              + step.get("actor").asText()
              + values
              + " on "
              + step.get("ref").asText()
              + pr);
    }
    return lines;
  }

  @Test
  void resultThroughPullRequestMergeAndCorrectionShowsEachStepWithItsAccount() throws Exception {
    git.ok(
        commit(cloneAs(bob), PullRequestsIT.RESULT_20, "Add HLE"),
        "push",
        "-q",
        "origin",
        "HEAD:refs/for/main");
    api.post(DISCUSSIONS + "/1/merge", alice, "");
    Path owner = cloneAs(alice);
    git.ok(commit(owner, PullRequestsIT.RESULT_21, "Correct HLE"), "push", "-q", "origin", "main");

    JsonNode history = api.get(HISTORY + "?task_id=hle", null).json();

    JsonNode result = history.at("/results/0");
    assertThat(history.get("results")).hasSize(1);
    assertThat(result.get("file").asText()).isEqualTo(FILE);
    assertThat(result.get("dataset").asText()).isEqualTo("cais/hle");
    assertThat(describe(result.get("steps")))
        .containsExactly(
            "added by bob -->20.9 on refs/pr/1 #1",
            "added by alice -->20.9 on refs/heads/main #1",
            "pr-merged by alice on refs/pr/1 #1",
            "changed by alice 20.9->21.4 on refs/heads/main");
    List<Instant> times = new ArrayList<>();
    result.get("steps").forEach(step -> times.add(Instant.parse(step.get("time").asText())));
    assertThat(times).isSorted();
    assertThat(times.get(0)).isBefore(times.get(3));
  }

  @Test
  void closedPullRequestsResultStaysInHistoryClosedByTheOwner() throws Exception {
    git.ok(
        commit(cloneAs(bob), PullRequestsIT.RESULT_20, "Add HLE"),
        "push",
        "-q",
        "origin",
        "HEAD:refs/for/main");
    api.post(DISCUSSIONS + "/1/status", alice, "{\"status\":\"closed\"}");

    JsonNode history = api.get(HISTORY, null).json();

    assertThat(describe(history.at("/results/0/steps")))
        .containsExactly(
            "added by bob -->20.9 on refs/pr/1 #1", "pr-closed by alice on refs/pr/1 #1");
  }

  @Test
  void deletedResultFileIsARemovedStepByThePusher() throws Exception {
    Path owner = commit(cloneAs(alice), PullRequestsIT.RESULT_20, "Add HLE");
    git.ok(owner, "push", "-q", "origin", "main");
    git.ok(owner, "rm", "-q", FILE);
    git.ok(owner, "commit", "-q", "-m", "Drop HLE");

    git.ok(owner, "push", "-q", "origin", "main");

    assertThat(describe(api.get(HISTORY, null).json().at("/results/0/steps")))
        .containsExactly(
            "added by alice -->20.9 on refs/heads/main",
            "removed by alice 20.9->- on refs/heads/main");
  }

  @Test
  void historyOfAnotherTaskIsEmpty() throws Exception {
    git.ok(
        commit(cloneAs(alice), PullRequestsIT.RESULT_20, "Add HLE"),
        "push",
        "-q",
        "origin",
        "main");

    JsonNode history = api.get(HISTORY + "?task_id=mmlu", null).json();

    assertThat(history.get("results")).isEmpty();
  }

  @Test
  void historyOfAPrivateRepositoryIsNotFoundForStrangers() {
    hub.repo("alice/secret", true);

    assertThat(api.get("/api/models/alice/secret/results/history", bob).status()).isEqualTo(404);
  }
}
