package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.NewToken;
import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.service.EvalHub;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evalhub token create|list|revoke}: access tokens, shown once, kept only as hashes. */
@Command(
    name = "token",
    description = "Manage access tokens.",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand {

  @Command(
      name = "create",
      description = "Create a token and print it (hf_...): it is shown only this once.")
  static final class Create extends AdminCommand {
    @Parameters(paramLabel = "USER")
    String user;

    @Option(
        names = "--role",
        paramLabel = "read|write",
        defaultValue = "write",
        description = "What the token may do (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(
        names = "--name",
        paramLabel = "LABEL",
        defaultValue = "token",
        description = "A label to tell it by.")
    String label;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      Role parsed =
          Role.fromId(role)
              .orElseThrow(
                  () -> HubException.invalid("--role must be read or write, got \"" + role + "\""));
      NewToken token = hub.accounts().createTokenAsAdministrator(user, parsed, label);
      out.println(token.secret());
      spec.commandLine()
          .getErr()
          .println(
              "token "
                  + token.info().id()
                  + " ("
                  + parsed.id()
                  + ", \""
                  + label
                  + "\") for "
                  + token.info().user()
                  + ": copy it now, it is not shown again");
    }
  }

  @Command(name = "list", description = "List a user's tokens (ids and labels, never the tokens).")
  static final class ListTokens extends AdminCommand {
    @Parameters(paramLabel = "USER")
    String user;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      for (TokenInfo token : hub.accounts().tokensAsAdministrator(user)) {
        out.println(
            token.id() + "\t" + token.role().id() + "\t" + token.created() + "\t" + token.label());
      }
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke a user's token, by its id, its label or the token itself.")
  static final class Revoke extends AdminCommand {
    @Parameters(index = "0", paramLabel = "USER")
    String user;

    @Parameters(index = "1", paramLabel = "ID|LABEL|TOKEN")
    String token;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      int revoked = hub.accounts().revokeTokenAsAdministrator(user, token);
      out.println("revoked " + revoked + " token" + (revoked == 1 ? "" : "s") + " of " + user);
    }
  }
}
