package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.RefNames;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading through the Hugging Face–compatible API: files, ranges, trees, revisions, repository
 * info.
 */
class HubFilesIT {

  private static final RepoId GPT = RepoId.parsePath("alice/gpt").orElseThrow();

  @TempDir Path temp;
  private TestHub hub;
  private HubHttp http;
  private String commit;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false)
            .repo("alice/secret", true)
            .repo("datasets/alice/bench", false);
    http = new HubHttp(hub.baseUrl());
    commit =
        hub.server()
            .hub()
            .storage()
            .commits()
            .commit(
                GPT,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(
                        FileChange.put("hello.txt", "hello".getBytes(StandardCharsets.UTF_8)),
                        FileChange.put("empty.txt", new byte[0]),
                        FileChange.put(
                            "a/b/config.v1.json", "{}".getBytes(StandardCharsets.UTF_8))),
                    "files",
                    new AccountName("alice")))
            .commitId()
            .orElseThrow();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void pullRequestRef(int number) throws Exception {
    try (Repository repository = hub.server().hub().storage().repositories().open(GPT)) {
      RefUpdate update = repository.updateRef(RefNames.PULL_REQUESTS + number);
      update.setNewObjectId(ObjectId.fromString(commit));
      update.update();
    }
  }

  @Test
  void resolveServesTheFileWithEtagAndRepoCommit() throws Exception {
    HttpResponse<String> file = http.get("/alice/gpt/resolve/main/hello.txt", null);

    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo("hello");
    assertThat(file.headers().firstValue("ETag"))
        .hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{40}\""));
    assertThat(file.headers().firstValue("X-Repo-Commit")).contains(commit);
  }

  @Test
  void rangeProbeAnswersPartialContentWithTheTotalSize() throws Exception {
    HttpResponse<String> probe =
        http.get("/alice/gpt/resolve/main/hello.txt", null, "Range", "bytes=0-0");
    HttpResponse<String> slice =
        http.get("/alice/gpt/raw/main/hello.txt", null, "Range", "bytes=1-3");

    assertThat(probe.statusCode()).isEqualTo(206);
    assertThat(probe.headers().firstValue("Content-Range")).contains("bytes 0-0/5");
    assertThat(probe.headers().firstValue("ETag")).isPresent();
    assertThat(slice.body()).isEqualTo("ell");
  }

  @Test
  void rangeOnAnEmptyFileAnswersItsZeroSize() throws Exception {
    HttpResponse<String> probe =
        http.get("/alice/gpt/resolve/main/empty.txt", null, "Range", "bytes=0-0");

    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(probe.headers().firstValue("Content-Range")).contains("bytes */0");
    assertThat(probe.headers().firstValue("ETag")).isPresent();
    assertThat(probe.body()).isEmpty();
  }

  @Test
  void rangePastTheEndIsNotSatisfiable() throws Exception {
    assertThat(
            http.get("/alice/gpt/resolve/main/hello.txt", null, "Range", "bytes=9-").statusCode())
        .isEqualTo(416);
  }

  @Test
  void headOnRawTellsTheSizeWithoutABody() throws Exception {
    HttpResponse<String> head =
        http.send("HEAD", "/alice/gpt/raw/main/a/b/config.v1.json", null, null);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains("2");
    assertThat(http.send("HEAD", "/alice/gpt/raw/main/missing", null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void missingFileRevisionAndRepositoryHaveTheirErrorCodes() throws Exception {
    HttpResponse<String> file = http.get("/alice/gpt/resolve/main/missing.txt", null);
    HttpResponse<String> revision = http.get("/alice/gpt/resolve/nope/hello.txt", null);
    HttpResponse<String> repo = http.get("/alice/nothing/resolve/main/hello.txt", null);

    assertThat(file.statusCode()).isEqualTo(404);
    assertThat(file.headers().firstValue("X-Error-Code")).contains("EntryNotFound");
    assertThat(file.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(revision.headers().firstValue("X-Error-Code")).contains("RevisionNotFound");
    assertThat(repo.headers().firstValue("X-Error-Code")).contains("RepoNotFound");
    assertThat(repo.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void privateRepositoryIsNotFoundForOthersAndReadableByItsOwner() throws Exception {
    String bob = hub.token("bob", Role.WRITE);
    String alice = hub.token("alice", Role.READ);

    assertThat(http.get("/api/models/alice/secret", bob).headers().firstValue("X-Error-Code"))
        .contains("RepoNotFound");
    assertThat(http.get("/api/models/alice/secret", null).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/models/alice/secret", alice).body()).contains("\"private\":true");
  }

  @Test
  void encodedPullRequestRevisionReachesTheHandlers() throws Exception {
    pullRequestRef(1);

    assertThat(http.get("/alice/gpt/resolve/refs%2Fpr%2F1/hello.txt", null).body())
        .isEqualTo("hello");
    assertThat(http.get("/api/models/alice/gpt/revision/refs%2Fpr%2F1", null).body())
        .contains(commit);
    assertThat(http.get("/api/models/alice/gpt/tree/refs%2Fpr%2F1/a", null).body()).contains("a/b");
  }

  @Test
  void treeTakesAnUnencodedPullRequestRevision() throws Exception {
    pullRequestRef(2);

    HttpResponse<String> tree =
        http.get("/api/models/alice/gpt/tree/refs/pr/2/a?recursive=true", null);

    assertThat(tree.body())
        .isEqualTo(
            "[{\"type\":\"directory\",\"oid\":\""
                + tree.body()
                    .substring(
                        tree.body().indexOf("\"oid\":\"") + 7,
                        tree.body().indexOf("\"oid\":\"") + 47)
                + "\",\"size\":0,\"path\":\"a/b\"},{\"type\":\"file\",\"oid\":\""
                + tree.body()
                    .substring(
                        tree.body().lastIndexOf("\"oid\":\"") + 7,
                        tree.body().lastIndexOf("\"oid\":\"") + 47)
                + "\",\"size\":2,\"path\":\"a/b/config.v1.json\"}]");
  }

  @Test
  void treePagesWithAnAbsoluteLink() throws Exception {
    HttpResponse<String> first =
        http.get("/api/models/alice/gpt/tree/main?recursive=false&limit=2", null);

    assertThat(first.body()).contains(".gitattributes").doesNotContain("hello.txt");
    String link = first.headers().firstValue("Link").orElseThrow();
    assertThat(link)
        .matches(
            "<http://127\\.0\\.0\\.1:\\d+/api/models/alice/gpt/tree/main\\?.*cursor=2>; "
                + "rel=\"next\"");
    String next = link.substring(link.indexOf("/api/"), link.indexOf('>'));
    HttpResponse<String> second = http.get(next, null);
    assertThat(second.body()).contains("empty.txt", "hello.txt");
    assertThat(second.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void missingFolderInTheTreeIsEntryNotFound() throws Exception {
    assertThat(
            http.get("/api/models/alice/gpt/tree/main/nope", null)
                .headers()
                .firstValue("X-Error-Code"))
        .contains("EntryNotFound");
  }

  @Test
  void repositoryInfoAtHeadListsTheFilesAndAcceptsExpand() throws Exception {
    HttpResponse<String> info =
        http.get("/api/models/alice/gpt/revision/HEAD?expand=private&expand[]=sha", null);

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body())
        .contains(
            "\"id\":\"alice/gpt\"",
            "\"sha\":\"" + commit + "\"",
            "{\"rfilename\":\"a/b/config.v1.json\"}",
            "\"private\":false",
            "\"lastModified\":\"");
  }

  @Test
  void pathsInfoAnswersTheEntriesThatExistFromJsonOrAForm() throws Exception {
    HttpResponse<String> json =
        http.send(
            "POST",
            "/api/models/alice/gpt/paths-info/main",
            null,
            "{\"paths\":[\"hello.txt\",\"a/b\",\"nope\"],\"expand\":true}",
            "Content-Type",
            "application/json");
    HttpResponse<String> form =
        http.send(
            "POST",
            "/api/models/alice/gpt/paths-info/main",
            null,
            "paths=hello.txt&paths=a%2Fb%2Fconfig.v1.json",
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(json.body())
        .startsWith("[{\"type\":\"file\",")
        .contains("\"path\":\"hello.txt\"", "{\"type\":\"directory\",")
        .doesNotContain("nope");
    assertThat(form.body())
        .contains("\"size\":5,\"path\":\"hello.txt\"", "\"path\":\"a/b/config.v1.json\"");
  }

  @Test
  void datasetFilesLiveUnderTheDatasetsPrefix() throws Exception {
    assertThat(http.get("/datasets/alice/bench/resolve/main/.gitattributes", null).statusCode())
        .isEqualTo(200);
    assertThat(http.get("/api/datasets/alice/bench", null).body())
        .contains("\"id\":\"alice/bench\"");
  }
}
