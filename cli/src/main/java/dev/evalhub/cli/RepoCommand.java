package dev.evalhub.cli;

import dev.evalhub.storage.HubException;
import dev.evalhub.storage.RepoId;
import dev.evalhub.storage.RepoInfo;
import dev.evalhub.storage.RepoType;
import dev.evalhub.storage.Storage;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evalhub repo create NS/NAME [--type model|dataset] [--private]}. */
@Command(name = "repo", description = "Manage repositories.", subcommands = RepoCommand.Create.class)
final class RepoCommand {

  @Command(name = "create", description = "Create a repository with a first commit on main.")
  static final class Create extends AdminCommand {
    @Parameters(paramLabel = "NS/NAME")
    String name;

    @Option(names = "--type", paramLabel = "model|dataset", defaultValue = "model",
        description = "The repository type (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--private", description = "Visible only to the namespace's user or members.")
    boolean isPrivate;

    @Override
    void run(Storage storage, PrintWriter out) {
      RepoType repoType = RepoType.fromId(type)
          .orElseThrow(() -> HubException.invalid("--type must be model or dataset, got \"" + type + "\""));
      RepoId id = RepoId.parsePath(repoType.urlPrefix() + name)
          .orElseThrow(() -> HubException.invalid("\"" + name + "\" is not NAMESPACE/NAME with valid names"));
      RepoInfo created = storage.createRepository(id, isPrivate, Optional.empty());
      out.println("created " + (created.isPrivate() ? "private " : "") + repoType.id() + " " + created.id());
    }
  }
}
