package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.TestHub;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front of every request: JGit serves the git smart-HTTP paths of a repository and only those
 * (its filter sits behind the git access filter, no longer on every path), and every answer, an
 * error written by Jetty included, carries its own request id.
 */
class RequestFrontIT {

  private static final byte[] NO_BODY = new byte[0];

  @TempDir Path temp;
  private TestHub hub;

  @BeforeEach
  void startHub() {
    hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/gpt", false);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private RawHttp.Answer get(String target) throws Exception {
    return RawHttp.send(hub.server().port(), "GET " + target + " HTTP/1.1", NO_BODY);
  }

  @Test
  void gitPathsAreServedByGitAndTheRestByTheApi() throws Exception {
    RawHttp.Answer refs = get("/alice/gpt/info/refs?service=git-upload-pack");
    RawHttp.Answer repo = get("/api/models/alice/gpt");
    RawHttp.Answer gitSuffixWithoutRepository = get("/info/refs?service=git-upload-pack");
    RawHttp.Answer dumbProtocol = get("/alice/gpt/HEAD");

    assertThat(refs.status()).as(refs.body()).isEqualTo(200);
    assertThat(refs.header("Content-Type"))
        .isEqualTo("application/x-git-upload-pack-advertisement");
    assertThat(refs.body()).contains("refs/heads/main");
    assertThat(repo.status()).as(repo.body()).isEqualTo(200);
    assertThat(repo.header("Content-Type")).startsWith("application/json");
    // Neither reaches git: the pages' not-found answers them.
    assertThat(gitSuffixWithoutRepository.status()).isEqualTo(404);
    assertThat(dumbProtocol.status()).isEqualTo(404);
    assertThat(dumbProtocol.body()).doesNotContain("ref: refs/heads/main");
  }

  @Test
  void pathsEndingLikeGitsThatNameNoRepositoryAreTheApisAndThePagesNotJGits() throws Exception {
    // JGit's filter matches any path ending in a git suffix and would answer these itself (its
    // repository resolver refuses them): only the access filter in front keeps them from it.
    RawHttp.Answer api = get("/api/models/alice/gpt/info/refs?service=git-upload-pack");
    RawHttp.Answer apiPack = get("/api/models/alice/gpt/git-upload-pack");
    RawHttp.Answer page = get("/alice/gpt/tree/main/info/refs?service=git-upload-pack");

    for (RawHttp.Answer answer : List.of(api, apiPack)) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(404);
      assertThat(answer.header("Content-Type")).startsWith("application/json");
      assertThat(answer.header("X-Error-Code")).isNotNull();
    }
    assertThat(page.status()).as(page.body()).isEqualTo(404);
    assertThat(page.header("Content-Type")).startsWith("text/html");
  }

  @Test
  void pushRequestsOfAStrangerAreRefusedBeforeGitSeesThem() throws Exception {
    RawHttp.Answer anonymous = get("/alice/gpt/info/refs?service=git-receive-pack");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).contains("Basic");
  }

  @Test
  void everyAnswerCarriesItsOwnRequestIdJettysErrorsToo() throws Exception {
    List<RawHttp.Answer> answers =
        List.of(
            get("/api/models/alice/gpt"),
            get("/api/models/alice/none"),
            get("/api/%zz"),
            get("/alice/gpt/info/refs?service=git-upload-pack"));

    assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(200, 404, 400, 200);
    List<String> ids = answers.stream().map(a -> a.header("X-Request-Id")).toList();
    assertThat(ids).allMatch(id -> id != null && id.matches("[0-9a-f]{16}-[0-9a-f]+"));
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Stream.of(ids.get(0), ids.get(2)).map(id -> id.substring(0, 16)).distinct())
        .as("one process, one prefix")
        .hasSize(1);
  }
}
