package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evalhub repo create NS/NAME [--type model|dataset] [--private] [--empty]} and {@code
 * evalhub repo import SOURCE NS/NAME [--type model|dataset] [--private]}.
 */
@Command(
    name = "repo",
    description = "Manage repositories.",
    subcommands = {RepoCommand.Create.class, RepoCommand.Import.class})
final class RepoCommand {

  /** The repository options both commands share. */
  abstract static class NewRepo extends AdminCommand {
    @Option(
        names = "--type",
        paramLabel = "model|dataset",
        defaultValue = "model",
        description = "The repository type (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--private", description = "Visible only to the namespace's user or members.")
    boolean isPrivate;

    RepoId id(String name) {
      RepoType repoType =
          RepoType.fromId(type)
              .orElseThrow(
                  () ->
                      HubException.invalid(
                          "--type must be model or dataset, got \"" + type + "\""));
      return RepoId.parsePath(repoType.urlPrefix() + name)
          .orElseThrow(
              () ->
                  HubException.invalid("\"" + name + "\" is not NAMESPACE/NAME with valid names"));
    }

    String describe(RepoInfo repo) {
      return (repo.isPrivate() ? "private " : "") + repo.id().type().id() + " " + repo.id();
    }
  }

  @Command(
      name = "create",
      description = {
        "Create a repository with a first commit on main.",
        "With --empty it has no commit at all: its first push may bring any history,",
        "validated like every push."
      })
  static final class Create extends NewRepo {
    @Parameters(paramLabel = "NS/NAME")
    String name;

    @Option(
        names = "--empty",
        description = "Make no first commit, so that an existing history can be pushed.")
    boolean empty;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      RepoId id = id(name);
      RepoInfo created =
          empty
              ? hub.repositories().createEmptyAsAdministrator(id, isPrivate)
              : hub.repositories().createAsAdministrator(id, isPrivate);
      out.println("created " + (empty ? "empty " : "") + describe(created));
    }
  }

  @Command(
      name = "import",
      description = {
        "Import a git repository with its whole history into a new repository.",
        "SOURCE: a local path, or a file://, http(s):// or git:// URL.",
        "The source's default branch (its HEAD, else main or master) becomes main;",
        "other branches and tags are not imported (push them afterwards).",
        "The files the hub reads are validated at the imported tip, as a push's are,",
        "and the repository must fit max-repo-bytes; a refusal creates nothing."
      })
  static final class Import extends NewRepo {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "NS/NAME")
    String name;

    /**
     * The hub's own quota ({@code max-repo-bytes} from the environment or {@code
     * DATA/evalhub.properties}).
     */
    @Override
    HubOptions options() {
      long quota =
          ServerConfig.resolve(Map.of("data", data.toString()), System.getenv(), Optional.empty())
              .maxRepoBytes();
      return super.options().withMaxRepoBytes(quota);
    }

    @Override
    void run(EvalHub hub, PrintWriter out) {
      ImportedRepository imported =
          hub.repositories().importAsAdministrator(id(name), isPrivate, source);
      out.println(
          "imported "
              + describe(imported.repo())
              + ": "
              + imported.commits()
              + " commits of "
              + imported.sourceBranch()
              + " as main at "
              + imported.head());
    }
  }
}
