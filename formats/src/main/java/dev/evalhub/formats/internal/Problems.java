package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The diagnostics of one file being read, in the order they were found. Not thread-safe; one per
 * read.
 */
final class Problems {

  private final List<Diagnostic> found;

  Problems(List<Diagnostic> earlier) {
    this.found = new ArrayList<>(earlier);
  }

  void error(YamlNode node, YamlPath path, String message) {
    found.add(Diagnostic.error(node.line(), node.column(), path.toString(), message));
  }

  void warning(YamlNode node, YamlPath path, String message) {
    found.add(Diagnostic.warning(node.line(), node.column(), path.toString(), message));
  }

  /**
   * How many errors were found so far: a reader compares counts to tell whether a part of the file
   * failed.
   */
  int errorCount() {
    return (int) found.stream().filter(Diagnostic::isError).count();
  }

  /**
   * Every diagnostic so far, in document order (stable, so that problems at one place keep their
   * order).
   */
  List<Diagnostic> all() {
    List<Diagnostic> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    return sorted;
  }
}
