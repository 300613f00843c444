package dev.evalhub.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The note of a job's running command, {@code PID START_MILLIS} in one file, so that a runner
 * started after a killed one ({@code kill -9} leaves the command running, reparented) can stop it:
 * the process is stopped only when the same pid still has the same start time, so a recycled pid is
 * never touched. Stateless.
 */
final class Processes {

  private Processes() {}

  /** Notes {@code process} in {@code file}; a process whose start time is unknown is not noted. */
  static void note(Path file, ProcessHandle process) throws IOException {
    Optional<Instant> start = process.info().startInstant();
    if (start.isPresent()) {
      Files.writeString(
          file, process.pid() + " " + start.get().toEpochMilli() + "\n", StandardCharsets.UTF_8);
    }
  }

  /** Deletes the note {@code file}, if there is one. */
  static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the next note replaces it
    }
  }

  /**
   * Stops the process noted in {@code file} and every process it started, when it still runs;
   * returns whether it did.
   */
  static boolean stopIfAlive(Path file) {
    String[] parts;
    try {
      parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
    } catch (IOException e) {
      return false;
    }
    if (parts.length != 2) {
      return false;
    }
    long pid;
    long startMillis;
    try {
      pid = Long.parseLong(parts[0]);
      startMillis = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process =
        ProcessHandle.of(pid)
            .filter(
                p ->
                    p.info()
                        .startInstant()
                        .map(start -> start.toEpochMilli() == startMillis)
                        .orElse(false));
    if (process.isEmpty()) {
      return false;
    }
    List<ProcessHandle> descendants = process.get().descendants().toList();
    process.get().destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    return true;
  }
}
