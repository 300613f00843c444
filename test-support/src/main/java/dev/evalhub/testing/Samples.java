package dev.evalhub.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real-world samples the suites read: {@code ../shared/samples} beside the project root,
 * which the build passes as the system property {@code evalhub.projectRoot} (else found upwards
 * from the working folder).
 */
public final class Samples {

  private Samples() {}

  /** The samples folder, absolute; fails when there is none. */
  public static Path root() {
    String projectRoot = System.getProperty("evalhub.projectRoot");
    Path start = projectRoot != null ? Path.of(projectRoot) : Path.of("").toAbsolutePath();
    for (Path at = start.toAbsolutePath(); at != null; at = at.getParent()) {
      Path candidate = at.resolveSibling("shared").resolve("samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find ../shared/samples from "
            + start
            + "; is evalhub.projectRoot the project root?");
  }

  /** The Hugging Face samples folder, {@code samples/hf}. */
  public static Path hf() {
    return root().resolve("hf");
  }

  /** The Hugging Face sample {@code name}, {@code samples/hf/name} (which need not exist). */
  public static Path hf(String name) {
    return hf().resolve(name);
  }
}
