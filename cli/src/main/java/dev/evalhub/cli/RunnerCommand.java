package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.runner.Runner;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.Recipes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalhub runner}: the evaluation runner as a process of its own, on the data folder of a
 * hub that runs {@code serve --runner=off} (only one runner works on a data folder; a second is
 * refused). It commits like the command line does, and the server indexes what it commits within a
 * second. Runs until SIGTERM or Ctrl-C; a job it was running then goes back to the queue.
 */
@Command(
    name = "runner",
    description = {
      "Run the evaluation runner as a separate process (next to serve --runner=off).",
      "See docs/RUNNER.md."
    })
final class RunnerCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:EVALHUB_DATA:-./data}",
      description = "The hub's data folder (default: $EVALHUB_DATA, else ./data).")
  Path data;

  @Option(
      names = "--recipes",
      paramLabel = "FILE",
      required = true,
      description = "The recipe file (YAML; docs/RUNNER.md).")
  Path recipes;

  @Override
  public Integer call() throws InterruptedException {
    Recipes read;
    try {
      read = Recipes.read(recipes);
    } catch (HubException e) {
      System.err.println("evalhub: the runner's recipes cannot be used:\n" + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // The hub's own database: on PostgreSQL the runner's commits append to the shared event log.
    try (EvalHub hub = EvalHub.openAdministration(ReindexCommand.indexOptions(data, null))) {
      hub.jobs().useRecipes(read);
      Runner runner;
      try {
        runner = Runner.start(hub, Runner.DEFAULT_POLL);
      } catch (HubException e) {
        System.err.println("evalhub: " + e.getMessage());
        return 1;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    runner.close();
                    stopped.countDown();
                  },
                  "evalhub-runner-shutdown"));
      System.out.println("evalhub runner working on " + hub.dataDir());
      System.out.flush();
      stopped.await();
    }
    return 0;
  }
}
