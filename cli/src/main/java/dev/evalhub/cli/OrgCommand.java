package dev.evalhub.cli;

import dev.evalhub.service.EvalHub;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evalhub org create NAME [--member USER]...} and {@code evalhub org add-member ORG USER}.
 */
@Command(
    name = "org",
    description = "Manage organisations.",
    subcommands = {OrgCommand.Create.class, OrgCommand.AddMember.class})
final class OrgCommand {

  @Command(name = "create", description = "Create an organisation.")
  static final class Create extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The organisation name (also its namespace).")
    String name;

    @Option(names = "--member", paramLabel = "USER", description = "A member; repeat for several.")
    List<String> members = new ArrayList<>();

    @Override
    void run(EvalHub hub, PrintWriter out) {
      hub.accounts().createOrgAsAdministrator(name, members);
      out.println("created organisation " + name);
    }
  }

  @Command(name = "add-member", description = "Add a user to an organisation.")
  static final class AddMember extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ORG")
    String org;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      hub.accounts().addMemberAsAdministrator(org, user);
      out.println("added " + user + " to " + org);
    }
  }
}
