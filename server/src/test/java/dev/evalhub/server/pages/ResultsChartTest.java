package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.server.pages.view.ResultsChart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The benchmark page's chart of results over time: well-formed SVG with one point per row the
 * filters keep, dates along x and values along y, one series per methodology group, every text
 * escaped.
 */
class ResultsChartTest {

  private static final TaskRef TASK =
      new TaskRef(new RepoId(RepoType.DATASET, "acme", "mmlu"), "mmlu");
  private static final String HOSTILE = "<script>alert('x')</script> & \"more\"";
  private static final Map<String, String> HELM = Map.of("framework", "helm");
  private static final Map<String, String> HOSTILE_GROUP = Map.of("framework", HOSTILE);

  private final PageRenderer renderer = new PageRenderer();

  @Test
  void theChartIsWellFormedSvgWithOnePointPerRow() throws Exception {
    Document svg = svg(board(), query(false, true));

    assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(points(svg)).hasSize(4);
    assertThat(classed(svg, "series")).hasSize(2);
  }

  @Test
  void theChartShowsOnlyTheRowsTheFiltersKeep() throws Exception {
    assertThat(points(svg(board(), query(false, false)))).hasSize(3);
    assertThat(points(svg(board(), query(true, true)))).hasSize(1);
  }

  @Test
  void userTextIsEscapedInTheChart() throws Exception {
    String html = page(board(), query(false, true));
    Document svg = parse(html);

    assertThat(html).doesNotContain("<script>");
    List<String> texts = new ArrayList<>();
    NodeList all = svg.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < all.getLength(); i++) {
      texts.add(all.item(i).getTextContent());
    }
    assertThat(texts).contains("framework " + HOSTILE);
  }

  @Test
  void laterDatesAreFurtherRightAndHigherValuesHigherUp() {
    ResultsChart chart = ResultsCharts.of(board(), query(false, true)).orElseThrow();
    ResultsChart.Series helm = chart.series().get(0);

    // llama (0.637, 2023-06-23) and falcon (0.571, 2023-06-01): the same group.
    ResultsChart.Point llama = helm.points().get(0);
    ResultsChart.Point falcon = helm.points().get(1);
    assertThat(Double.parseDouble(llama.x())).isGreaterThan(Double.parseDouble(falcon.x()));
    assertThat(Double.parseDouble(llama.y())).isLessThan(Double.parseDouble(falcon.y()));
    assertThat(llama.title()).isEqualTo("meta/llama-65b: 0.637 ± 0.004 (2023-06-23)");
    // The earliest date (the other group's 2023-01-15) is the left edge, the latest the right;
    // the highest value is the top, the lowest the bottom.
    ResultsChart.Point earliest = chart.series().get(1).points().get(0);
    ResultsChart.Point lowest = chart.series().get(1).points().get(1);
    assertThat(earliest.x())
        .isEqualTo(ChartGeometry.coordinate(ResultsCharts.LEFT + ResultsCharts.PAD));
    assertThat(llama.x())
        .isEqualTo(
            ChartGeometry.coordinate(
                ResultsCharts.WIDTH - ResultsCharts.RIGHT - ResultsCharts.PAD));
    assertThat(llama.y())
        .isEqualTo(ChartGeometry.coordinate(ResultsCharts.TOP + ResultsCharts.PAD));
    assertThat(lowest.y())
        .isEqualTo(
            ChartGeometry.coordinate(
                ResultsCharts.TOP + ResultsCharts.PLOT_HEIGHT - ResultsCharts.PAD));
  }

  @Test
  void aSingleRowSitsInTheMiddleAndNoRowDrawsNoChart() {
    Leaderboard one =
        new Leaderboard(
            TASK,
            "acc",
            true,
            List.of(entry(1, "meta/llama-65b", 0.5, HELM, "2024-01-01T00:00:00Z", false, null)));

    ResultsChart.Point point =
        ResultsCharts.of(one, query(false, true)).orElseThrow().series().get(0).points().get(0);

    int plotWidth = ResultsCharts.WIDTH - ResultsCharts.LEFT - ResultsCharts.RIGHT;
    assertThat(point.x()).isEqualTo(ChartGeometry.coordinate(ResultsCharts.LEFT + plotWidth / 2.0));
    assertThat(point.y())
        .isEqualTo(ChartGeometry.coordinate(ResultsCharts.TOP + ResultsCharts.PLOT_HEIGHT / 2.0));
    assertThat(ResultsCharts.of(new Leaderboard(TASK, "acc", true, List.of()), query(false, true)))
        .isEmpty();
  }

  @Test
  void aLeaderboardsChartIsRenderedOncePerFilterSetAndReused() {
    ResultsChartSvgs charts = new ResultsChartSvgs(renderer, 4);
    Leaderboard board = board();

    String first = content(charts.of(board, query(false, true)));
    String again = content(charts.of(board, query(false, true)));
    String sortedByModel =
        content(
            charts.of(
                board,
                new LeaderboardQuery("mmlu", false, true, false, LeaderboardQuery.Sort.MODEL)));
    String mainOnly = content(charts.of(board, query(false, false)));

    assertThat(first).isEqualTo(page(board, query(false, true)));
    assertThat(again).isSameAs(first);
    assertThat(sortedByModel).isSameAs(first);
    assertThat(mainOnly).isEqualTo(page(board, query(false, false))).isNotEqualTo(first);
  }

  @Test
  void aNewlyComputedLeaderboardGetsItsOwnChartThoughItsRowsAreEqual() {
    ResultsChartSvgs charts = new ResultsChartSvgs(renderer, 4);
    String before = content(charts.of(board(), query(false, true)));
    String after = content(charts.of(board(), query(false, true)));

    assertThat(after).isEqualTo(before).isNotSameAs(before);
    assertThat(charts.of(new Leaderboard(TASK, "acc", true, List.of()), query(false, true)))
        .isNull();
  }

  @Test
  void theHistoryChartKeepsItsLineThroughTheSharedGeometry() {
    assertThat(HistoryPages.points(List.of(1.0, 3.0, 2.0), 1.0, 3.0))
        .isEqualTo("0.0,60.0 120.0,0.0 240.0,30.0");
    assertThat(HistoryPages.points(List.of(5.0), 5.0, 5.0)).isEqualTo("0.0,30.0 240.0,30.0");
  }

  @Test
  void chartTextsPrintAsThePagesDo() {
    for (double value : new double[] {0.637, 90, -0.5, 1e-7, 12345678.9, 0, 100.25}) {
      assertThat(ResultsCharts.number(value)).isEqualTo(Numbers.format(value));
    }
    assertThat(ResultsCharts.date(Instant.parse("2023-06-23T23:59:59Z"))).isEqualTo("2023-06-23");
    assertThat(ResultsCharts.date(Instant.parse("1969-12-31T12:00:00Z"))).isEqualTo("1969-12-31");
    assertThat(ChartGeometry.coordinate(12)).isEqualTo("12.0");
    assertThat(ChartGeometry.coordinate(-0.5)).isEqualTo("-0.5");
    assertThat(ChartGeometry.coordinate(0.25)).isEqualTo("0.3");
    assertThat(ChartGeometry.coordinate(-0.04)).isEqualTo("0.0");
  }

  private static LeaderboardQuery query(boolean verifiedOnly, boolean includeCommunity) {
    return new LeaderboardQuery(
        "mmlu", verifiedOnly, includeCommunity, false, LeaderboardQuery.Sort.RANK);
  }

  private String page(Leaderboard board, LeaderboardQuery query) {
    return renderer.render(
        "chart.jte", ResultsCharts.of(board, query).orElseThrow(AssertionError::new));
  }

  /** The text {@code content} writes: the very string it holds. */
  private static String content(gg.jte.Content content) {
    String[] written = new String[1];
    content.writeTo(
        new gg.jte.output.StringOutput() {
          @Override
          public void writeContent(String value) {
            written[0] = value;
          }
        });
    return written[0];
  }

  private Document svg(Leaderboard board, LeaderboardQuery query) throws Exception {
    return parse(page(board, query));
  }

  private static Document parse(String html) throws Exception {
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + "</svg>".length());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> points(Document svg) {
    return classed(svg, "point");
  }

  private static List<Element> classed(Document svg, String cssClass) {
    List<Element> found = new ArrayList<>();
    NodeList all = svg.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (List.of(element.getAttribute("class").split(" ")).contains(cssClass)) {
        found.add(element);
      }
    }
    return found;
  }

  /**
   * Two groups: HELM (llama verified, falcon) and one whose framework is hostile text (a verified
   * row from main and a row from an open pull request).
   */
  private static Leaderboard board() {
    return new Leaderboard(
        TASK,
        "acc",
        true,
        List.of(
            entry(1, "meta/llama-65b", 0.637, HELM, "2023-06-23T00:00:00Z", true, null),
            entry(2, "tiiuae/falcon-40b", 0.571, HELM, "2023-06-01T00:00:00Z", false, null),
            entry(1, "tiiuae/falcon-40b", 0.527, HOSTILE_GROUP, "2023-01-15T00:00:00Z", false, 3),
            entry(2, "meta/llama-65b", 0.488, HOSTILE_GROUP, "2023-02-01T00:00:00Z", false, null)));
  }

  private static LeaderboardEntry entry(
      int rank,
      String model,
      double value,
      Map<String, String> group,
      String date,
      boolean verified,
      Integer pullRequest) {
    return new LeaderboardEntry(
        rank,
        new LeaderboardEntry.Model(RepoId.parsePath(model).orElseThrow(), true),
        new LeaderboardEntry.Score(value, verified ? Optional.of(0.004) : Optional.empty()),
        new ResultLocation(
            ".eval_results/r.yaml", Optional.ofNullable(pullRequest).map(PrNumber::new)),
        new Verdict(verified, Optional.empty()),
        new LeaderboardEntry.Provenance(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new MethodologyGroup(group),
            Instant.parse(date),
            OptionalLong.empty()),
        List.of());
  }
}
