package dev.evalhub.cli;

import dev.evalhub.service.EvalHub;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code evalhub user create NAME}. */
@Command(name = "user", description = "Manage users.", subcommands = UserCommand.Create.class)
final class UserCommand {

  @Command(name = "create", description = "Create a user.")
  static final class Create extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The user name (also their namespace).")
    String name;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      hub.accounts().createUserAsAdministrator(name);
      out.println("created user " + name);
    }
  }
}
