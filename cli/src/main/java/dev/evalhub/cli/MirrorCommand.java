package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.domain.mirror.MirrorState;
import dev.evalhub.domain.mirror.MirrorStatus;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import dev.evalhub.service.MirrorService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evalhub mirror add|list|refresh|remove}: read-only copies of another hub's benchmarks and
 * models, kept by {@link MirrorService}.
 */
@Command(
    name = "mirror",
    description = {
      "Keep read-only copies of another hub's benchmarks and models.",
      "A mirror copies each repository under the same name, with its git history when the",
      "source serves git (an evalhub does), else the files the hub reads through the",
      "Hugging Face API; `serve` refreshes it every interval (--mirrors=off: it does not)."
    },
    subcommands = {
      MirrorCommand.Add.class,
      MirrorCommand.ListMirrors.class,
      MirrorCommand.Refresh.class,
      MirrorCommand.Remove.class
    })
final class MirrorCommand {

  /** The hub's configured limits apply to what a refresh fetches. */
  abstract static class WithLimits extends AdminCommand {
    @Override
    HubOptions options() {
      ServerConfig config =
          ServerConfig.resolve(Map.of("data", data.toString()), System.getenv(), Optional.empty());
      return new HubOptions(
          data,
          config.maxPackBytes(),
          config.maxObjectBytes(),
          config.maxRepoBytes(),
          config.database(),
          "");
    }
  }

  @Command(
      name = "add",
      description = {
        "Mirror benchmarks and models of the hub at URL (http or https) and refresh them once.",
        "Each is copied under the same name; a namespace this hub lacks is created as an",
        "organisation without members. A name this hub uses for another repository, a",
        "repository unknown at the source or a bad URL is refused and nothing changes."
      })
  static final class Add extends WithLimits {
    @Parameters(paramLabel = "URL", description = "The source hub, e.g. https://huggingface.co")
    String url;

    @Option(names = "--benchmark", paramLabel = "NS/NAME", description = "A benchmark (dataset).")
    List<String> benchmarks = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NS/NAME", description = "A model.")
    List<String> models = new ArrayList<>();

    @Option(
        names = "--kind",
        paramLabel = "git|api",
        description = "How to read the source (default: git when it serves git, else api).")
    String kind;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        description = "How often `serve` refreshes it: 90s, 30m, 1h, 2d (default 1h, at least 1m).")
    String interval;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      Optional<MirrorKind> parsedKind =
          kind == null
              ? Optional.empty()
              : Optional.of(
                  MirrorKind.parse(kind)
                      .orElseThrow(
                          () ->
                              HubException.invalid(
                                  "--kind must be git or api, got \"" + kind + "\"")));
      MirrorStatus status =
          hub.mirrors()
              .addAsAdministrator(
                  new MirrorService.AddRequest(
                      url,
                      benchmarks,
                      models,
                      parsedKind,
                      Optional.ofNullable(interval).map(MirrorCommand::duration)));
      out.println("added mirror " + status.mirror().id());
      print(out, status);
    }
  }

  @Command(name = "list", description = "List the mirrors, their state and their problems.")
  static final class ListMirrors extends AdminCommand {
    @Override
    void run(EvalHub hub, PrintWriter out) {
      List<MirrorStatus> all = hub.mirrors().listAsAdministrator();
      if (all.isEmpty()) {
        out.println("no mirrors");
      }
      all.forEach(status -> print(out, status));
    }
  }

  @Command(
      name = "refresh",
      description =
          "Refresh one mirror now (every mirror without ID); exit 1 when one has a problem.")
  static final class Refresh extends WithLimits {
    @Parameters(paramLabel = "ID", arity = "0..1")
    String id;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      List<MirrorStatus> refreshed =
          id == null
              ? hub.mirrors().refreshAllAsAdministrator()
              : List.of(hub.mirrors().refreshAsAdministrator(id));
      refreshed.forEach(status -> print(out, status));
      long problems = refreshed.stream().filter(s -> !s.state().problems().isEmpty()).count();
      if (problems > 0) {
        throw HubException.invalid(problems + " mirror(s) with problems: see above");
      }
    }
  }

  @Command(
      name = "remove",
      description = {
        "Stop refreshing a mirror; its copies stay, read-only, with their origin.",
        "With --delete-copies its copies are deleted too (to the trash): the only way to delete one."
      })
  static final class Remove extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = "--delete-copies",
        description = "Delete the mirror's copies too (moved to the data folder's trash).")
    boolean deleteCopies;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      Mirror removed = hub.mirrors().removeAsAdministrator(id, deleteCopies);
      out.println(
          "removed mirror "
              + removed.id()
              + " of "
              + removed.source()
              + (deleteCopies ? " (copies deleted)" : " (copies kept)"));
    }
  }

  static void print(PrintWriter out, MirrorStatus status) {
    Mirror mirror = status.mirror();
    MirrorState state = status.state();
    out.println(
        mirror.id()
            + "  "
            + mirror.source()
            + "  "
            + mirror.kind().id()
            + "  every "
            + mirror.interval().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
            + "  last refresh "
            + state.lastAttempt().map(Object::toString).orElse("never")
            + "  last success "
            + state.lastSuccess().map(Object::toString).orElse("never"));
    for (var repo : mirror.repositories()) {
      Optional<MirrorState.RepoState> repoState = state.of(repo);
      out.println(
          "  "
              + repo.urlPath()
              + "  "
              + repoState
                  .flatMap(MirrorState.RepoState::localRevision)
                  .map(r -> r.substring(0, Math.min(12, r.length())))
                  .orElse("-")
              + repoState
                  .flatMap(MirrorState.RepoState::problem)
                  .map(p -> "  problem: " + p.replace("\n", "\n    "))
                  .orElse("")
              + repoState
                  .flatMap(MirrorState.RepoState::replaced)
                  .map(r -> "  last update: " + r + " (previous contents in the history)")
                  .orElse(""));
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d} as a duration. */
  static Duration duration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(text);
    if (!m.matches()) {
      throw HubException.invalid(
          "--interval must be a number and s, m, h or d (90s, 30m, 1h), got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
