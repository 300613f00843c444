package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command, at every level, answers {@code --help} and {@code -h} with its own usage. */
class HelpOptionsTest {

  @Test
  void everyCommandPrintsItsUsageForHelpAndExitsZero() {
    List<List<String>> paths = new ArrayList<>();
    collect(EvalhubCommand.commandLine(), new ArrayList<>(), paths);

    assertThat(paths).hasSizeGreaterThan(20);
    for (List<String> path : paths) {
      for (String option : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(option);
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        String usage = "Usage: evalhub" + (path.isEmpty() ? "" : " " + String.join(" ", path));

        assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
        assertThat(run.err()).as(String.join(" ", args)).isEmpty();
        assertThat(run.out()).as(String.join(" ", args)).startsWith(usage);
      }
    }
  }

  @Test
  void anUnknownOptionIsStillRefused() {
    CommandRun run = CommandRun.of("serve", "--hepl");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown option: '--hepl'");
  }

  private static void collect(CommandLine line, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    line.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help") || !name.equals(sub.getCommandName())) {
                return;
              }
              List<String> next = new ArrayList<>(path);
              next.add(name);
              collect(sub, next, paths);
            });
  }
}
