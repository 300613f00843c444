package dev.evalhub.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the runner applies a recipe's memory limit to its command: util-linux's {@code prlimit
 * --as=BYTES --} when the machine has it (the limit is set on the new process before it runs the
 * command), else {@code /bin/sh -c 'ulimit -v KIB && exec "$@"'}, whose only interpolated text is
 * the number; the command's own arguments are passed as positional parameters, never parsed by the
 * shell. Immutable.
 */
final class Limits {

  private final Optional<Path> prlimit;

  Limits(Optional<Path> prlimit) {
    this.prlimit = prlimit;
  }

  /**
   * The limits of this machine: {@code prlimit} found on {@code PATH} (or in /usr/bin), else sh.
   */
  static Limits ofThisMachine() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "prlimit"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/prlimit"));
    return new Limits(candidates.stream().filter(Files::isExecutable).findFirst());
  }

  /** Which mechanism applies memory limits: {@code prlimit} or {@code ulimit}. */
  String mechanism() {
    return prlimit.isPresent() ? "prlimit --as" : "sh ulimit -v";
  }

  /** {@code argv} run with at most {@code memoryBytes} of address space (0: as it is). */
  List<String> wrap(List<String> argv, long memoryBytes) {
    if (memoryBytes <= 0) {
      return argv;
    }
    List<String> command = new ArrayList<>();
    if (prlimit.isPresent()) {
      command.add(prlimit.get().toString());
      command.add("--as=" + memoryBytes);
      command.add("--");
    } else {
      command.add("/bin/sh");
      command.add("-c");
      command.add("ulimit -v " + Math.max(1, memoryBytes / 1024) + " && exec \"$@\"");
      command.add("evalhub-job");
    }
    command.addAll(argv);
    return List.copyOf(command);
  }
}
