package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An administrative command on a data folder: opens it with {@link EvalHub#openAdministration}
 * (storage only, the index on first use, none of a server's start sequence: a running server may
 * have the folder open too), runs, and turns a refusal into a one-line message and exit code 1.
 */
abstract class AdminCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:EVALHUB_DATA:-./data}",
      description = "The hub's data folder (default: $EVALHUB_DATA, else ./data).")
  Path data;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (EvalHub hub = EvalHub.openAdministration(options())) {
      run(hub, spec.commandLine().getOut());
      return 0;
    } catch (HubException e) {
      spec.commandLine().getErr().println("evalhub: " + e.getMessage());
      return 1;
    }
  }

  abstract void run(EvalHub hub, PrintWriter out);

  /**
   * How the hub is opened: the default limits, the index database and trusted issuers the hub's
   * settings name ({@code EVALHUB_DB}, else {@code db=} in {@code DATA/evalhub.properties}; the
   * embedded H2 when neither does), so that on a hub whose index is PostgreSQL the command appends
   * its events to the database's event log, as the instances do; commands that write objects also
   * apply the hub's configured limits.
   */
  HubOptions options() {
    return ReindexCommand.indexOptions(data, null);
  }
}
