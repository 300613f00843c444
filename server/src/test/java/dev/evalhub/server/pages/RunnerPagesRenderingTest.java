package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.JobView;
import dev.evalhub.server.pages.view.MessageView;
import dev.evalhub.server.pages.view.ModelView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner's pieces of the pages as rendered HTML: the job page's live reload and log, the model
 * page's "evaluate" buttons.
 */
class RunnerPagesRenderingTest {

  private static final String SCRIPT = "<script>alert(1)</script>";
  private final PageRenderer renderer = new PageRenderer();

  @Test
  void aRunningJobsPageReloadsItselfWithoutScript() {
    String html = renderer.render("job.jte", view("running", "step 1\n", 2));

    assertThat(html)
        .contains("<meta http-equiv=\"refresh\" content=\"2\">")
        .contains("This page reloads every 2 s while the job is running.")
        .doesNotContain("<script");
  }

  @Test
  void anEndedJobsPageDoesNotReload() {
    String html = renderer.render("job.jte", view("succeeded", "done\n", 0));

    assertThat(html).doesNotContain("http-equiv=\"refresh\"").doesNotContain("job-live");
  }

  @Test
  void theLogIsEscaped() {
    String html = renderer.render("job.jte", view("running", "out: " + SCRIPT + "\n", 2));

    assertThat(html)
        .doesNotContain(SCRIPT)
        .contains("<pre id=\"job-log\">out: &lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void otherPagesDoNotReload() {
    String html =
        renderer.render("message.jte", new MessageView(new Chrome("Gone", null, "t"), 404, "gone"));

    assertThat(html).doesNotContain("http-equiv=\"refresh\"");
  }

  @Test
  void theModelPageOffersOneEvaluateButtonPerRunnableTask() {
    ModelView.Result result =
        new ModelView.Result(
            "gen",
            "0.5",
            null,
            List.of(),
            "not stated",
            null,
            null,
            null,
            null,
            null,
            ".eval_results/r.yaml",
            null,
            null);
    ModelView view =
        new ModelView(
            new Chrome("alice/gpt", "bob", "token"),
            "alice/gpt",
            List.of(
                new ModelView.BenchmarkResults(
                    "acme/tiny", true, List.of(result), List.of("gen", "mc")),
                new ModelView.BenchmarkResults("acme/other", true, List.of(result), List.of())),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            ModelView.Lineage.NONE);

    String html = renderer.render("model.jte", view);

    assertThat(html)
        .contains("<input type=\"hidden\" name=\"csrf\" value=\"token\">")
        .contains("<input type=\"hidden\" name=\"model\" value=\"alice/gpt\">")
        .contains("<input type=\"hidden\" name=\"benchmark\" value=\"acme/tiny\">")
        .contains("Evaluate gen with this hub's runner")
        .contains("Evaluate mc with this hub's runner")
        .doesNotContain("name=\"benchmark\" value=\"acme/other\"");
    assertThat(html.split("action=\"/jobs\"", -1)).hasSize(3);
  }

  private static JobView view(String state, String log, int refresh) {
    return new JobView(
        new Chrome("Job", "bob", "token"),
        "0123456789abcdef",
        state,
        1,
        "bob",
        "alice/gpt",
        "/alice/gpt",
        "a".repeat(40),
        "acme/bench",
        "/datasets/acme/bench",
        "b".repeat(40),
        "t1",
        "tiny",
        "python eval.py",
        "",
        "",
        "",
        "2026-11-30 18:00",
        "2026-11-30 18:01",
        log,
        false,
        "/api/jobs/0123456789abcdef/log",
        refresh);
  }
}
