package dev.evalhub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code evalhub} command: the entry point of every subcommand. */
@Command(
    name = "evalhub",
    mixinStandardHelpOptions = true,
    version = "evalhub 0.1.0",
    description = "A self-hostable hub for language-model evaluation results.",
    subcommands = {ValidateCommand.class, ServeCommand.class, UserCommand.class, OrgCommand.class,
        TokenCommand.class, RepoCommand.class, HistoryCommand.class, KeysCommand.class, SignCommand.class,
        ReindexCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class EvalhubCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new EvalhubCommand());
  }
}
