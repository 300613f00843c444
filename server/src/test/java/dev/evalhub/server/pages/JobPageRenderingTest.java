package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.JobView;
import dev.evalhub.server.pages.view.MessageView;
import org.junit.jupiter.api.Test;

/** The job page as rendered HTML: its live reload and its log. */
class JobPageRenderingTest {

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
