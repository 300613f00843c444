package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultStep;
import dev.evalhub.service.EvalHub;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evalhub history NS/NAME [--task T]}: where every result of a repository came from. */
@Command(
    name = "history",
    description =
        "Show where every result of a repository came from: each commit that added, changed or removed "
            + "it (on main or in a pull request) with the account that pushed it (as the hub recorded it, not the "
            + "commit's author line), its time, the old and new value and the pull request it came through, and the "
            + "status changes of those pull requests (closed or merged, by whom). Reads the data folder directly, "
            + "private repositories included; the same history is served at "
            + "GET /api/models/NS/NAME/results/history[?task_id=T].",
    footer = {"", "Example:", "  evalhub history alice/gpt --task hle --data ./data"})
final class HistoryCommand extends AdminCommand {

  @Parameters(paramLabel = "NS/NAME", description = "The repository, e.g. alice/gpt.")
  String name;

  @Option(names = "--task", paramLabel = "T", description = "Only the results of this task id.")
  String task;

  @Option(
      names = "--type",
      paramLabel = "model|dataset",
      defaultValue = "model",
      description = "The repository type (default: ${DEFAULT-VALUE}).")
  String type;

  @Override
  void run(EvalHub hub, PrintWriter out) {
    RepoType repoType =
        RepoType.fromId(type)
            .orElseThrow(
                () ->
                    HubException.invalid("--type must be model or dataset, got \"" + type + "\""));
    RepoId id =
        RepoId.parsePath(repoType.urlPrefix() + name)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "\"" + name + "\" is not NAMESPACE/NAME with valid names"));
    List<ResultHistoryEntry> entries =
        hub.history().ofAsAdministrator(id, Optional.ofNullable(task));
    if (entries.isEmpty()) {
      out.println("no results" + (task == null ? "" : " for task " + task) + " in " + id);
    }
    for (ResultHistoryEntry entry : entries) {
      String notes = entry.key().notes().isEmpty() ? "" : "  (notes: " + entry.key().notes() + ")";
      out.println(
          entry.key().file()
              + "  "
              + entry.key().datasetId()
              + "  "
              + entry.key().taskId()
              + notes);
      for (ResultStep step : entry.steps()) {
        out.println(
            "  "
                + step.time().truncatedTo(ChronoUnit.SECONDS)
                + "  "
                + step.actor()
                + "  "
                + describe(step));
      }
    }
  }

  private static String describe(ResultStep step) {
    String pr = step.pullRequest().map(n -> "PR #" + n).orElse("");
    String where =
        step.ref().endsWith("/main")
            ? "on main" + (pr.isEmpty() ? "" : " (" + pr + ")")
            : "in " + pr;
    return switch (step.kind()) {
      case ADDED -> "added " + value(step.newValue()) + " " + where;
      case CHANGED ->
          "changed " + value(step.oldValue()) + " -> " + value(step.newValue()) + " " + where;
      case REMOVED -> "removed " + value(step.oldValue()) + " " + where;
      case PR_CLOSED -> "closed " + pr;
      case PR_REOPENED -> "reopened " + pr;
      case PR_MERGED -> "merged " + pr;
    };
  }

  private static String value(Optional<Double> value) {
    return value
        .map(
            v ->
                v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString(v.longValue())
                    : v.toString())
        .orElse("-");
  }
}
