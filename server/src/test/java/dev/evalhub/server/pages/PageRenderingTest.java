package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageRenderingTest {

  private static final String SCRIPT = "<script>alert(1)</script>";
  private final PageRenderer renderer = new PageRenderer();
  private final ResultsChartSvgs charts = new ResultsChartSvgs(renderer, 16);

  @Test
  void userTextIsEscapedEverywhereTheLeaderboardShowsIt() {
    String html = render(entry(SCRIPT, "https://example.org/" + SCRIPT, SCRIPT));

    assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void aSourceUrlThatIsNotHttpIsNeverALink() {
    String html = render(entry("notes", "javascript:alert(1)", "click me"));

    assertThat(html)
        .doesNotContain("href=\"javascript")
        .contains("<span class=\"source\">click me</span>");
  }

  @Test
  void anHttpsSourceIsALink() {
    String html = render(entry("notes", "https://example.org/log", "Run log"));

    assertThat(html).contains("<a class=\"source\" href=\"https://example.org/log\"");
  }

  @Test
  void onlyHttpAndHttpsUrlsAreLinks() {
    assertThat(Links.safeHref("https://example.org/a?b=c")).isEqualTo("https://example.org/a?b=c");
    assertThat(Links.safeHref("HTTP://example.org")).isEqualTo("HTTP://example.org");
    assertThat(Links.safeHref("javascript:alert(1)")).isNull();
    assertThat(Links.safeHref(" JavaScript:alert(1)")).isNull();
    assertThat(Links.safeHref("data:text/html,x")).isNull();
    assertThat(Links.safeHref("//example.org/x")).isNull();
    assertThat(Links.safeHref("not a url")).isNull();
  }

  @Test
  void taskLinksEncodeTheTaskAndKeepTheFilters() {
    LeaderboardQuery query =
        new LeaderboardQuery("a&b c", true, false, true, LeaderboardQuery.Sort.VALUE);

    assertThat(query.queryString())
        .isEqualTo("?task=a%26b+c&filtered=1&verified=1&base=1&sort=value");
    assertThat(query.sortedBy("model")).endsWith("&sort=model");
  }

  @Test
  void policyForbidsScriptsFramingAndForeignForms() {
    assertThat(PageSecurity.CSP)
        .isEqualTo(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    assertThat(PageSecurity.EMBED_CSP).contains("frame-ancestors *").contains("default-src 'none'");
  }

  private String render(LeaderboardEntry entry) {
    Leaderboard board =
        new Leaderboard(
            new TaskRef(new RepoId(RepoType.DATASET, "alice", "bench"), "t1"),
            "acc",
            true,
            List.of(entry));
    LeaderboardQuery query =
        new LeaderboardQuery("t1", false, true, false, LeaderboardQuery.Sort.RANK);
    BenchmarkView view =
        new BenchmarkView(
            new Chrome("Bench", SCRIPT, "token"),
            "alice/bench",
            SCRIPT,
            SCRIPT,
            SCRIPT,
            List.of(new BenchmarkView.TaskLink("t1", query.queryString(), true)),
            query,
            "acc",
            "higher is better",
            LeaderboardTables.of(board, query),
            1,
            SCRIPT,
            charts.of(board, query));
    return renderer.render("benchmark.jte", view);
  }

  private static LeaderboardEntry entry(String notes, String url, String sourceName) {
    return new LeaderboardEntry(
        1,
        new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "alice", "m"), false),
        new LeaderboardEntry.Score(1.5, Optional.empty()),
        new ResultLocation(".eval_results/r.yaml", Optional.empty()),
        new Verdict(false, Optional.empty()),
        new LeaderboardEntry.Provenance(
            Optional.of(new LeaderboardEntry.SourceLink(url, Optional.of(sourceName))),
            Optional.of(notes),
            Optional.empty(),
            new MethodologyGroup(Map.of("framework", "unspecified")),
            java.time.Instant.EPOCH,
            java.util.OptionalLong.empty()),
        List.of(Badge.source(sourceName, url)));
  }
}
