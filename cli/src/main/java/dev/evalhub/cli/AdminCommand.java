package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.service.EvalHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An administrative command on a data folder: opens its storage (a running server may have it open too), runs,
 * and turns a refusal into a one-line message and exit code 1.
 */
abstract class AdminCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:EVALHUB_DATA:-./data}",
      description = "The hub's data folder (default: $EVALHUB_DATA, else ./data).")
  Path data;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (Storage storage = Storage.open(data, options())) {
      run(storage, spec.commandLine().getOut());
      return 0;
    } catch (HubException e) {
      spec.commandLine().getErr().println("evalhub: " + e.getMessage());
      return 1;
    }
  }

  /** Runs on the opened storage; a command that calls the services overrides {@link #run(EvalHub, PrintWriter)}. */
  void run(Storage storage, PrintWriter out) {
    run(EvalHub.withoutIndex(storage), out);
  }

  /** Runs on the services over the opened storage (without the index: a command that needs it opens it). */
  void run(EvalHub hub, PrintWriter out) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " runs on the storage");
  }

  /** How the storage is opened; commands that write objects apply the hub's configured limits. */
  StorageOptions options() {
    return StorageOptions.DEFAULT;
  }
}
