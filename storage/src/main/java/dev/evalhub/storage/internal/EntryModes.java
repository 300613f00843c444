package dev.evalhub.storage.internal;

import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;

/**
 * What a tree entry's mode says about a path the hub reads: only regular files ({@code 100644},
 * {@code 100755}) are read; a submodule link, a symbolic link or a folder in their place is refused
 * on every write and treated as absent by every reader. Stateless.
 */
public final class EntryModes {

  private EntryModes() {}

  /**
   * Whether {@code rawMode} is a regular file, executable or not: the only entries the hub reads as
   * files.
   */
  public static boolean isRegularFile(int rawMode) {
    return rawMode == FileMode.REGULAR_FILE.getBits()
        || rawMode == FileMode.EXECUTABLE_FILE.getBits();
  }

  /**
   * Why an entry of {@code rawMode} cannot stand where the hub expects a file, or empty when it can
   * (a regular file) or when there is no entry ({@code 0}).
   */
  public static Optional<String> problem(int rawMode) {
    if (rawMode == 0 || isRegularFile(rawMode)) {
      return Optional.empty();
    }
    return Optional.of("must be a regular file (found " + describe(rawMode) + ")");
  }

  private static String describe(int rawMode) {
    int type = rawMode & FileMode.TYPE_MASK;
    if (type == FileMode.TYPE_GITLINK) {
      return "a submodule link, mode 160000";
    }
    if (type == FileMode.TYPE_SYMLINK) {
      return "a symbolic link, mode 120000";
    }
    if (type == FileMode.TYPE_TREE) {
      return "a folder";
    }
    return "mode " + Integer.toOctalString(rawMode);
  }
}
