package dev.evalhub.cli;

import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalhub reindex [--db URL]}: rebuilds the SQL index from the repositories, with progress
 * and a summary.
 */
@Command(
    name = "reindex",
    description = {
      "Rebuild the index from the repositories.",
      "Database: --db, else EVALHUB_DB, else db= in DATA/evalhub.properties, else embedded H2 in DATA/index."
    })
final class ReindexCommand extends AdminCommand {

  private static final int BAR_WIDTH = 30;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "The index database, e.g. jdbc:postgresql://...")
  String db;

  /** The configured index database and trusted issuers. */
  @Override
  HubOptions options() {
    return indexOptions(data, db);
  }

  /**
   * The hub of {@code data} with the index database and trusted issuers its settings name ({@code
   * db} first).
   */
  static HubOptions indexOptions(java.nio.file.Path data, String db) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data", data.toString());
    Optional.ofNullable(db).ifPresent(v -> flags.put("db", v));
    ServerConfig config = ServerConfig.resolve(flags, System.getenv(), Optional.empty());
    return HubOptions.of(data)
        .withDatabase(config.database())
        .withTrustedIssuers(config.trustedIssuers());
  }

  @Override
  void run(EvalHub hub, PrintWriter out) {
    PrintWriter err = spec.commandLine().getErr();
    ReindexSummary summary =
        hub.operations()
            .reindexAsAdministrator(
                (done, total) -> {
                  int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
                  err.print(
                      "\r["
                          + "#".repeat(filled)
                          + " ".repeat(BAR_WIDTH - filled)
                          + "] "
                          + done
                          + "/"
                          + total
                          + " repositories");
                  err.flush();
                });
    err.println();
    out.printf(
        "reindexed %d repositories: %d benchmarks, %d results, %d invalid files in %.1f s (%.0f results/s)%n",
        summary.repositories(),
        summary.benchmarks(),
        summary.results(),
        summary.invalidFiles(),
        summary.took().toMillis() / 1000.0,
        summary.resultsPerSecond());
  }
}
