package dev.evalhub.cli;

import dev.evalhub.index.HubKeys;
import dev.evalhub.index.Index;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalhub doctor [--data DIR] [--db URL]}: checks a hub's data folder and index and prints one line per
 * problem: refs the index could not read, lock files (stale when no server runs), events the index has not
 * applied, merges a crash interrupted. Exit code 0 when all is well, 1 when something was found. Reads only.
 */
@Command(name = "doctor", description = {"Check the hub: index failures, stale locks, event-log lag, interrupted"
    + " merges. Exit code 1 when a problem is found.",
    "Database: --db, else EVALHUB_DB, else db= in DATA/evalhub.properties, else embedded H2 in DATA/index."})
final class DoctorCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:EVALHUB_DATA:-./data}",
      description = "The hub's data folder (default: $EVALHUB_DATA, else ./data).")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "The index database, e.g. jdbc:postgresql://...")
  String db;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    int problems = 0;
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      Map<String, String> flags = new HashMap<>();
      flags.put("data", storage.dataDir().toString());
      Optional.ofNullable(db).ifPresent(v -> flags.put("db", v));
      ServerConfig config = ServerConfig.resolve(flags, System.getenv(), Optional.empty());
      try (Index index = Index.open(config.database().isEmpty() ? Index.defaultUrl(storage.dataDir())
          : config.database(), storage, HubKeys.load(storage,
              HubKeys.parseIssuers(config.trustedIssuers())).trusted())) {
        List<IndexFailure> failures = index.failures();
        for (IndexFailure failure : failures) {
          out.println("index failure: " + failure.repo() + " " + failure.ref()
              + failure.commit().map(c -> " at " + c).orElse("")
              + failure.since().map(t -> " (commit of " + t + ")").orElse("") + ": " + failure.error());
        }
        problems += failures.size();
        int lag = storage.events().readAfter(index.lastSequence()).size();
        if (lag > 0) {
          out.println("event log: the index is " + lag + " event(s) behind (a running server applies them within a"
              + " second, any other at its start; or run evalhub reindex)");
          problems++;
        }
      }
      List<Path> locks = storage.lockFiles();
      locks.forEach(lock -> out.println("lock file: " + lock + " (stale unless a write is under way; the server"
          + " removes it at start)"));
      problems += locks.size();
      List<String> merges = storage.pullRequests().interruptedMerges();
      merges.forEach(merge -> out.println("interrupted merge: " + merge + " (completed at the next server start)"));
      problems += merges.size();
    }
    out.println(problems == 0 ? "ok: no problem found" : problems + " problem(s) found");
    return problems == 0 ? 0 : 1;
  }
}
