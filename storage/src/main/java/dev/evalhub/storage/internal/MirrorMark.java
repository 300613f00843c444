package dev.evalhub.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The mark of a read-only mirror: {@code evalhub.mirror-of} in a repository's git config names the
 * repository of another hub it copies (next to {@code evalhub.private}). Only a mirror refresh
 * moves the refs of a marked repository ({@link RefWriter#forMirror}); every other write is refused
 * with {@link #refusal}. Stateless.
 */
public final class MirrorMark {

  private static final String SECTION = "evalhub";
  private static final String KEY = "mirror-of";

  private MirrorMark() {}

  /** The source URL {@code repository} mirrors, or empty for a repository of the hub's own. */
  public static Optional<String> of(Repository repository) {
    return Optional.ofNullable(repository.getConfig().getString(SECTION, null, KEY));
  }

  /** Marks {@code repository} as a read-only mirror of {@code sourceUrl}. */
  public static void mark(Repository repository, String sourceUrl) throws IOException {
    StoredConfig config = repository.getConfig();
    config.setString(SECTION, null, KEY, sourceUrl);
    config.save();
  }

  /**
   * Why a write to {@code repository} is refused ({@code "alice/mmlu is a mirror of URL:
   * read-only"}), or empty when it is no mirror.
   */
  public static Optional<String> refusal(Repository repository) {
    return of(repository).map(url -> nameOf(repository) + " is a mirror of " + url + ": read-only");
  }

  /**
   * The repository's name as its URL path spells it, read from its folder ({@code
   * repos/datasets/NS/NAME.git} is {@code datasets/NS/NAME}).
   */
  static String nameOf(Repository repository) {
    Path dir = repository.getDirectory().toPath();
    String name = dir.getFileName().toString();
    if (name.endsWith(Constants.DOT_GIT)) {
      name = name.substring(0, name.length() - Constants.DOT_GIT.length());
    }
    Path namespace = dir.getParent();
    if (namespace == null || namespace.getParent() == null) {
      return name;
    }
    String type = namespace.getParent().getFileName().toString();
    return ("datasets".equals(type) ? "datasets/" : "") + namespace.getFileName() + "/" + name;
  }
}
