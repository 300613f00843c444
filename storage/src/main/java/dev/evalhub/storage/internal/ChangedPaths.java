package dev.evalhub.storage.internal;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * A recursive walk over the files that differ between two trees, the old one at index 0 (empty when
 * there is no old tree: every file is new) and the new one at index 1. Shared by push validation
 * and the results diff of the audit trail, which judge a change by what it brings.
 */
final class ChangedPaths {

  private ChangedPaths() {}

  /** The caller closes the walk. {@code oldTree} null means "compare with nothing". */
  static TreeWalk walk(ObjectReader reader, RevTree oldTree, RevTree newTree) throws IOException {
    TreeWalk tree = new TreeWalk(reader);
    if (oldTree == null) {
      tree.addTree(new EmptyTreeIterator());
    } else {
      tree.addTree(oldTree);
    }
    tree.addTree(newTree);
    tree.setRecursive(true);
    tree.setFilter(TreeFilter.ANY_DIFF);
    return tree;
  }
}
