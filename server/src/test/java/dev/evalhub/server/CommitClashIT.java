package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose files clash with each other or with the branch's tree (a file where a folder is, a
 * file below a file) is refused whole with a 400 naming the path, on a branch and on a new pull
 * request; nothing moves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class CommitClashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER = "{\"key\":\"header\",\"value\":{\"summary\":\"clash\"}}";

  @TempDir static Path temp;
  private TestHub hub;
  private HubHttp http;
  private String token;

  @BeforeAll
  void start() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/model", false);
    token = hub.token("alice", Role.WRITE);
    http = new HubHttp(hub.baseUrl());
    assertThat(commit("main", file("afile"), file("adir/inside.txt")).statusCode()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aFileAndAFileBelowItInOneCommitAreRefusedNamingTheLine() throws Exception {
    String head = head();
    HttpResponse<String> response = commit("main", file("clash"), file("clash/x.txt"));

    assertRefused(response, "line 3: \"clash/x.txt\" needs the folder \"clash\"");
    assertThat(head()).isEqualTo(head);
  }

  @Test
  void aFileBelowAFileOfTheBranchIsRefused() throws Exception {
    String head = head();
    assertRefused(
        commit("main", file("afile/b.txt")),
        "\"afile/b.txt\" needs the folder \"afile\", which is a file");
    assertThat(head()).isEqualTo(head);
  }

  @Test
  void aFileWhereTheBranchHasAFolderIsRefused() throws Exception {
    String head = head();
    assertRefused(commit("main", file("adir")), "\"adir\" is a folder on the branch");
    assertThat(head()).isEqualTo(head);
  }

  @Test
  void aPullRequestWithAClashIsRefusedLikeABranchCommit() throws Exception {
    assertRefused(commit("main?create_pr=1", file("afile/b.txt")), "which is a file");
  }

  @Test
  void aFileMayBecomeAFolderWhenTheSameCommitDeletesIt() throws Exception {
    commit("main", file("swap"));
    HttpResponse<String> response =
        commit(
            "main",
            "{\"key\":\"deletedFile\",\"value\":{\"path\":\"swap\"}}",
            file("swap/inner.txt"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(http.get("/alice/model/resolve/main/swap/inner.txt", token).body()).isEqualTo("x");
  }

  private static void assertRefused(HttpResponse<String> response, String message)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Error-Code")).hasValue("BadRequest");
    assertThat(JSON.readTree(response.body()).path("error").asText()).contains(message);
  }

  private static String file(String path) {
    return "{\"key\":\"file\",\"value\":{\"path\":\""
        + path
        + "\",\"content\":\""
        + Base64.getEncoder().encodeToString("x".getBytes())
        + "\"}}";
  }

  private HttpResponse<String> commit(String revision, String... lines) throws Exception {
    return http.send(
        "POST",
        "/api/models/alice/model/commit/" + revision,
        token,
        HEADER + "\n" + String.join("\n", lines) + "\n",
        "Content-Type",
        "application/x-ndjson");
  }

  private String head() throws Exception {
    return JSON.readTree(http.get("/api/models/alice/model", token).body()).path("sha").asText();
  }
}
