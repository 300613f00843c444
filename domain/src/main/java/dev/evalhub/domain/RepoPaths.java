package dev.evalhub.domain;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.ObjectChecker;

/**
 * The one check of a file path that a caller names, for every channel that writes or reads a file
 * by path (the commit API's files and deletions, paths-info, tree listings, file downloads): git's
 * own rules (JGit's {@link ObjectChecker}: no empty, {@code .} or {@code ..} segment, no {@code
 * .git} in any spelling git or an NTFS or HFS+ file system treats as {@code .git} — {@code .git.},
 * {@code .git }, {@code git~1}, with HFS+ ignorable characters — no NUL), no other control
 * character, no leading or trailing slash, at most {@link #MAX_BYTES} bytes. Stateless.
 */
public final class RepoPaths {

  /** The longest path accepted, in UTF-8 bytes (Linux's PATH_MAX). */
  public static final int MAX_BYTES = 4096;

  private RepoPaths() {}

  /**
   * Returns {@code path} if it is a valid file or folder path; else INVALID with a message that
   * names it.
   */
  public static String require(String path) {
    if (path == null || path.isEmpty()) {
      throw HubException.invalid("invalid file path \"\": the path is empty");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw invalid(path, "longer than " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(
            path, "control character " + String.format("U+%04X", (int) c) + " at offset " + i);
      }
    }
    if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      throw invalid(path, "no leading, trailing or double slash");
    }
    try {
      new ObjectChecker().setSafeForMacOS(true).checkPath(path);
    } catch (CorruptObjectException e) {
      throw invalid(path, e.getMessage());
    }
    return path;
  }

  private static HubException invalid(String path, String why) {
    return HubException.invalid("invalid file path \"" + printable(path) + "\": " + why);
  }

  /**
   * {@code text} with control characters spelled {@code \\uXXXX}, so that a message can be printed
   * and logged.
   */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
    for (int i = 0; i < text.length() && out.length() < 256; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.length() < 256 ? out.toString() : out + "...";
  }
}
