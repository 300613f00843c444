package dev.evalhub.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * What one in-process run of the {@code evalhub} command printed and returned, for the CLI tests.
 */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = EvalhubCommand.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** Runs {@code args} followed by {@code --data data}. */
  static CommandRun onData(Path data, String... args) {
    String[] withData = Arrays.copyOf(args, args.length + 2);
    withData[args.length] = "--data";
    withData[args.length + 1] = data.toString();
    return of(withData);
  }
}
