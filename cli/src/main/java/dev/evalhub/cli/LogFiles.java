package dev.evalhub.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The log files named on {@code evalhub import}'s command line: a file stands for itself (named by
 * its file name), a folder for every regular file below it, named relative to the folder's parent
 * ({@code run1/stats.json}), so that a HELM run folder keeps its structure. Stateless.
 */
final class LogFiles {

  /** One log: where it is and the name the hub and the diagnostics know it by. */
  record Log(Path path, String name, long size) {}

  private LogFiles() {}

  static List<Log> expand(List<Path> arguments, CommandLine line) throws IOException {
    List<Log> logs = new ArrayList<>();
    for (Path argument : arguments) {
      Path absolute = argument.toAbsolutePath().normalize();
      if (Files.isRegularFile(absolute)) {
        logs.add(new Log(absolute, absolute.getFileName().toString(), Files.size(absolute)));
      } else if (Files.isDirectory(absolute)) {
        Path base = absolute.getParent() == null ? absolute : absolute.getParent();
        try (Stream<Path> walk = Files.walk(absolute)) {
          for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
            String name = base.relativize(file).toString().replace('\\', '/');
            logs.add(new Log(file, name, Files.size(file)));
          }
        }
      } else {
        throw new ParameterException(line, "no such file or folder: " + argument);
      }
    }
    if (logs.isEmpty()) {
      throw new ParameterException(line, "the folders given hold no file");
    }
    return logs;
  }
}
