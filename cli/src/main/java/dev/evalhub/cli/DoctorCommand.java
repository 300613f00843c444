package dev.evalhub.cli;

import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.service.DoctorReport;
import dev.evalhub.service.EvalHub;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalhub doctor [--data DIR] [--db URL]}: checks a hub's data folder and index and prints
 * one line per problem: refs the index could not read, lock files (stale when no server runs),
 * events the index has not applied, merges a crash interrupted. Exit code 0 when all is well, 1
 * when something was found. Reads only.
 */
@Command(
    name = "doctor",
    description = {
      "Check the hub: index failures, stale locks, event-log lag, interrupted"
          + " merges. Exit code 1 when a problem is found.",
      "Database: --db, else EVALHUB_DB, else db= in DATA/evalhub.properties, else embedded H2 in DATA/index."
    })
final class DoctorCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:EVALHUB_DATA:-./data}",
      description = "The hub's data folder (default: $EVALHUB_DATA, else ./data).")
  Path data;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "The index database, e.g. jdbc:postgresql://...")
  String db;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DoctorReport report;
    try (EvalHub hub = EvalHub.openAdministration(ReindexCommand.indexOptions(data, db))) {
      report = hub.operations().doctor();
    }
    for (IndexFailure failure : report.indexFailures()) {
      out.println(
          "index failure: "
              + failure.repo()
              + " "
              + failure.ref()
              + failure.commit().map(c -> " at " + c).orElse("")
              + failure.since().map(t -> " (commit of " + t + ")").orElse("")
              + ": "
              + failure.error());
    }
    if (report.eventLag() > 0) {
      out.println(
          "event log: the index is "
              + report.eventLag()
              + " event(s) behind (a running server applies them"
              + " within a second, any other at its start; or run evalhub reindex)");
    }
    report
        .lockFiles()
        .forEach(
            lock ->
                out.println(
                    "lock file: "
                        + lock
                        + " (stale unless a write is under way; the"
                        + " server removes it at start)"));
    report
        .interruptedMerges()
        .forEach(
            merge ->
                out.println(
                    "interrupted merge: " + merge + " (completed at the next server start)"));
    int problems = report.problems();
    out.println(problems == 0 ? "ok: no problem found" : problems + " problem(s) found");
    return problems == 0 ? 0 : 1;
  }
}
