package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.CompareView;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
  void rowsWithoutUncertaintyHaveNoCompareLinkNorTier() {
    LeaderboardEntry first = entry("one", "https://example.org/1", "one");
    LeaderboardEntry second =
        new LeaderboardEntry(
            2,
            new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "bob", "m"), false),
            new LeaderboardEntry.Score(1.0, Optional.empty()),
            first.location(),
            first.verdict(),
            first.provenance(),
            List.of());
    String html = render(new Leaderboard(TASK, "acc", true, List.of(first, second)));

    assertThat(html)
        .contains("bob/m")
        .doesNotContain("compare with #1")
        .doesNotContain("tier-")
        .doesNotContain(">Tier<")
        .doesNotContain("± 95% CI");
  }

  @Test
  void aSourceUrlThatIsNotHttpIsNeverALink() {
    String html = render(entry("notes", "javascript:alert(1)", "click me"));

    assertThat(html)
        .doesNotContain("href=\"javascript")
        .contains("<span class=\"source\">click me</span>");
  }

  @Test
  void aVerifiedResultOfThisHubsRunnerLinksItsJob() {
    String html =
        render(
            withBadges(Badge.verifiedByJob("https://hub.example", new JobId("0123456789abcdef"))));

    assertThat(html)
        .contains(
            "<a class=\"job\" href=\"/jobs/0123456789abcdef\" target=\"_top\""
                + " title=\"evaluated by this hub's runner, job 0123456789abcdef\">"
                + "job 0123456789abcdef</a>");
  }

  @Test
  void aVerifiedBadgeLinksNothingButAJobOfThisHub() {
    String html =
        render(
            withBadges(
                Badge.verified("https://hub.example"),
                new Badge(Badge.Kind.VERIFIED, "x", "https://evil.example/jobs/0123456789abcdef"),
                new Badge(Badge.Kind.VERIFIED, "y", "/jobs/" + SCRIPT)));

    assertThat(html).doesNotContain("class=\"job\"").doesNotContain("evil.example");
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

  @Test
  void rowsShowTheirIntervalNTierAndRankUpperAndTheGroupSaysWhatDecided() {
    MethodologyGroup group =
        new MethodologyGroup(Map.of("framework", SCRIPT), MethodologyGroup.Role.STATED, SCRIPT);
    LeaderboardEntry leader = ranked(1, "alice/leader", 0.637, 0.629, 0.645, 1, 1, null, group);
    LeaderboardEntry second = ranked(2, "bob/second", 0.5, 0.47, 0.53, 2, 2, "unpaired-z", group);
    Leaderboard board =
        new Leaderboard(
            TASK,
            "acc",
            true,
            List.of(group),
            List.of(leader, second),
            List.of(),
            List.of(
                new GroupStatistics(
                    group,
                    2,
                    200,
                    Map.of("unpaired-z", 1),
                    0,
                    0.05,
                    OptionalLong.of(198),
                    OptionalDouble.of(0.1412))));

    String html = render(board);

    assertThat(html)
        .contains(
            "0.637 <span class=\"muted interval\" title=\"95% CI [0.629, 0.645] (wilson)\">± 0.008</span>")
        .contains("<td class=\"num\">14042</td>")
        .contains("<tr class=\"tier-even\">")
        .contains("<span title=\"set apart by unpaired-z\">2</span>")
        .contains(
            "Tiers decided by unpaired z-tests on standard errors for 1 pair; Holm-corrected at α = 0.05.")
        .contains(
            "At n = 198 items, a difference smaller than 0.141 cannot be told apart with 80% power (α = 0.05).")
        .contains(
            "href=\"/datasets/alice/bench/compare?task_id=t1&amp;a=bob/second&amp;b=alice/leader\"")
        .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart error-bars\"")
        .contains("bob/second: 0.5, 95% CI [0.47, 0.53] (wilson), tier 2")
        .doesNotContain(SCRIPT);
    assertThat(html.indexOf("compare with #1")).isEqualTo(html.lastIndexOf("compare with #1"));
  }

  @Test
  void theComparePageEscapesItemIdsGroupLabelsAndReasons() {
    CompareView.Side side = new CompareView.Side("alice/a", "0.5", null, null, null, "1", null);
    CompareView view =
        new CompareView(
            new Chrome("Compare", null, "token"),
            "alice/bench",
            "t1",
            SCRIPT,
            side,
            side,
            null,
            SCRIPT,
            List.of(new CompareView.Filter("all", 1, "/x?filter=all", true)),
            List.of(new CompareView.Item(SCRIPT, "1", "0")),
            1,
            500);

    String html = renderer.render("compare.jte", view);

    assertThat(html)
        .doesNotContain(SCRIPT)
        .contains("<p id=\"not-established\">No test: &lt;script&gt;")
        .contains("<tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>");
  }

  private static final TaskRef TASK =
      new TaskRef(new RepoId(RepoType.DATASET, "alice", "bench"), "t1");

  private static LeaderboardEntry ranked(
      int rank,
      String model,
      double value,
      double lower,
      double upper,
      int rankUpper,
      int tier,
      String tierTest,
      MethodologyGroup group) {
    return new LeaderboardEntry(
        rank,
        new LeaderboardEntry.Model(RepoId.parsePath(model).orElseThrow(), false),
        new LeaderboardEntry.Score(value, Optional.empty()),
        new ResultLocation(".eval_results/r.yaml", Optional.empty()),
        new Verdict(false, Optional.empty()),
        new LeaderboardEntry.Provenance(
            Optional.empty(),
            Optional.of(SCRIPT),
            Optional.empty(),
            group,
            java.time.Instant.EPOCH,
            OptionalLong.of(14_042)),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.of(
            new Uncertainty(
                OptionalLong.of(14_042),
                Optional.of((upper - lower) / 3.92),
                Optional.of(Uncertainty.Source.BINOMIAL),
                Optional.of(new Uncertainty.ConfidenceInterval(lower, upper, 0.95, "wilson")),
                OptionalInt.empty())),
        Optional.of(new StatisticalRank(rankUpper, tier, Optional.ofNullable(tierTest))));
  }

  private String render(LeaderboardEntry entry) {
    return render(new Leaderboard(TASK, "acc", true, List.of(entry)));
  }

  @Test
  void theBenchmarkPageOffersTheRunnerOnlyWhenAskedTo() {
    Leaderboard board = new Leaderboard(TASK, "acc", true, List.of());

    assertThat(render(board, true))
        .contains("<form class=\"evaluate\" method=\"post\" action=\"/jobs\" id=\"evaluate-form\">")
        .contains("<input type=\"hidden\" name=\"csrf\" value=\"token\">")
        .contains("<input type=\"hidden\" name=\"benchmark\" value=\"alice/bench\">")
        .contains("<input type=\"hidden\" name=\"task\" value=\"t1\">")
        .contains("Evaluate on t1 with this hub's runner");
    assertThat(render(board, false)).doesNotContain("evaluate-form");
  }

  private String render(Leaderboard board) {
    return render(board, false);
  }

  private String render(Leaderboard board, boolean evaluate) {
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
            charts.of(board, query),
            evaluate);
    return renderer.render("benchmark.jte", view);
  }

  private static LeaderboardEntry withBadges(Badge... badges) {
    LeaderboardEntry e = entry("notes", "https://example.org/log", "log");
    return new LeaderboardEntry(
        e.rank(), e.model(), e.score(), e.location(), e.verdict(), e.provenance(), List.of(badges));
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
