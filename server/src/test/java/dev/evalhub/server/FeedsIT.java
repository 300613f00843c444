package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Atom change feeds, read back with the JDK's XML parser: valid documents with escaped user
 * text, stable entry ids, a benchmark's feed with the results naming it, and private repositories
 * never shown to who cannot read them.
 */
class FeedsIT {

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n";
  private static final String RESULT =
      "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: %s\n";

  @TempDir Path temp;
  private TestHub hub;

  @BeforeEach
  void start() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false)
            .repo("datasets/alice/bench", false)
            .repo("alice/secret", true);
    commit("datasets/alice/bench", "eval.yaml", EVAL_YAML);
    commit("alice/gpt", ".eval_results/r.yaml", String.format(RESULT, "1"));
    commit("alice/secret", ".eval_results/r.yaml", String.format(RESULT, "2"));
    hub.server()
        .hub()
        .storage()
        .pullRequests()
        .open(
            RepoId.parsePath("alice/gpt").orElseThrow(),
            "bob",
            new NewDiscussion("<script>alert(1)</script> & more", "d", false));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void aModelsFeedIsValidAtomWithEscapedTitlesAndStableIds() throws Exception {
    HubApi.Response response = hub.api().get("/alice/gpt/feed.atom", null);
    Document feed = parse(response.body());

    assertThat(response.status()).isEqualTo(200);
    Element root = feed.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("feed");
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
    assertThat(response.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    assertThat(titles(feed))
        .containsExactly(
            "alice/gpt: discussion #1 opened: <script>alert(1)</script> & more",
            "alice/gpt: 1 result added",
            "alice/gpt: repository created");
    List<String> ids = texts(feed, "id");
    assertThat(ids).allMatch(id -> id.startsWith("tag:evalhub,2026:"));
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(texts(parse(hub.api().get("/alice/gpt/feed.atom", null).body()), "id"))
        .isEqualTo(ids);
    Element self = (Element) feed.getElementsByTagNameNS(ATOM, "link").item(0);
    assertThat(self.getAttribute("rel")).isEqualTo("self");
    assertThat(self.getAttribute("href")).isEqualTo(hub.baseUrl() + "/alice/gpt/feed.atom");
  }

  @Test
  void aBenchmarksFeedListsItsEventsAndTheReadableResultsNamingIt() throws Exception {
    List<String> anonymous =
        titles(parse(hub.api().get("/datasets/alice/bench/feed.atom", null).body()));
    List<String> owner =
        titles(
            parse(
                hub.api()
                    .get("/datasets/alice/bench/feed.atom", hub.token("alice", Role.READ))
                    .body()));

    assertThat(anonymous)
        .containsExactly("alice/gpt: 1 result added", "datasets/alice/bench: repository created");
    assertThat(owner).contains("alice/secret: 1 result added", "alice/gpt: 1 result added");
  }

  @Test
  void privateRepositoriesNeverAppearToWhoCannotReadThem() throws Exception {
    String bob = hub.token("bob", Role.WRITE);
    String alice = hub.token("alice", Role.READ);
    HubApi.Response missing = hub.api().get("/alice/nothing/feed.atom", bob);

    assertThat(hub.api().get("/alice/secret/feed.atom", null).status()).isEqualTo(404);
    HubApi.Response hidden = hub.api().get("/alice/secret/feed.atom", bob);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.body().replace("secret", "X"))
        .isEqualTo(missing.body().replace("nothing", "X"));
    assertThat(hub.api().get("/alice/secret/feed.atom", alice).status()).isEqualTo(200);
    String hubFeed = hub.api().get("/feed.atom", alice).body();
    parse(hubFeed);
    assertThat(hubFeed).contains("alice/gpt").doesNotContain("alice/secret");
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "edit " + path, "alice");
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** The entries' titles, in order. */
  private static List<String> titles(Document feed) {
    List<String> titles = new ArrayList<>();
    NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
    for (int i = 0; i < entries.getLength(); i++) {
      titles.add(
          ((Element) entries.item(i))
              .getElementsByTagNameNS(ATOM, "title")
              .item(0)
              .getTextContent());
    }
    return titles;
  }

  private static List<String> texts(Document feed, String element) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = feed.getElementsByTagNameNS(ATOM, element);
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }
}
