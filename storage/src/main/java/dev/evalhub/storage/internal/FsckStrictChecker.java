package dev.evalhub.storage.internal;

import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectChecker;

/**
 * JGit's object checks plus what {@code git fsck --strict} refuses and JGit lets through: a NUL
 * byte in a commit or an annotated tag (git's {@code nulInCommit} and {@code nulInHeader}). A
 * pushed pack holding one is refused whole while it is received, so a repository never holds an
 * object that fails {@code git fsck --strict}. Tree entries follow the same path rules as the
 * commit API ({@code RepoPaths}): no {@code .git} in any spelling that git, NTFS or HFS+ reads as
 * {@code .git}. Stateless.
 */
public final class FsckStrictChecker extends ObjectChecker {

  public FsckStrictChecker() {
    setSafeForMacOS(true);
  }

  @Override
  public void checkCommit(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    super.checkCommit(id, raw);
    refuseNul(id, raw, "commit");
  }

  @Override
  public void checkTag(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    super.checkTag(id, raw);
    refuseNul(id, raw, "tag");
  }

  private static void refuseNul(AnyObjectId id, byte[] raw, String kind)
      throws CorruptObjectException {
    for (byte b : raw) {
      if (b == 0) {
        throw new CorruptObjectException(
            id == null
                ? "a " + kind + " holds a NUL byte"
                : kind + " " + id.name() + " holds a NUL byte (git fsck --strict refuses it)");
      }
    }
  }
}
