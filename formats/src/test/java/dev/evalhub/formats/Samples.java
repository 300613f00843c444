package dev.evalhub.formats;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared real-world samples are: {@code ../shared/samples} beside the project root. */
final class Samples {

  private Samples() {
  }

  static Path root() {
    String projectRoot = System.getProperty("evalhub.projectRoot");
    Path start = projectRoot != null ? Path.of(projectRoot) : Path.of("").toAbsolutePath();
    for (Path at = start.toAbsolutePath(); at != null; at = at.getParent()) {
      Path candidate = at.resolveSibling("shared").resolve("samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find ../shared/samples from " + start);
  }

  static Path hf(String name) {
    return root().resolve("hf").resolve(name);
  }
}
