package dev.evalhub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code evalhub} command: the entry point of every subcommand. */
@Command(
    name = "evalhub",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "evalhub 0.1.0",
    description = "A self-hostable hub for language-model evaluation results.",
    subcommands = {
      ValidateCommand.class,
      ImportCommand.class,
      ServeCommand.class,
      RunnerCommand.class,
      UserCommand.class,
      OrgCommand.class,
      TokenCommand.class,
      RepoCommand.class,
      MirrorCommand.class,
      HistoryCommand.class,
      ExportCommand.class,
      KeysCommand.class,
      SignCommand.class,
      ReindexCommand.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EvalhubCommand {

  public static void main(String[] args) {
    // H2's cache of the values it reads (each string hashed to find a shared copy) saves memory in
    // a long-lived process reading the same rows again (serve keeps it); a command reads each row
    // about once, and a reindex spent about 7% of its time hashing there (mostly building the
    // results' indexes). Read once, when H2 first loads; an explicit -Dh2.objectCache wins.
    if (System.getProperty("h2.objectCache") == null
        && (args.length == 0 || !args[0].equals("serve"))) {
      System.setProperty("h2.objectCache", "false");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new EvalhubCommand());
    // Key ids are base64url, so one in 32 starts with "-": read such an argument as the id, not as
    // an option.
    CommandLine keys = line.getSubcommands().get("keys");
    keys.getSubcommands().get("revoke").setUnmatchedOptionsArePositionalParams(true);
    keys.getSubcommands().get("untrust").setUnmatchedOptionsArePositionalParams(true);
    return line;
  }
}
