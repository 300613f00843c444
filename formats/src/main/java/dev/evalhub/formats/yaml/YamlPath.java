package dev.evalhub.formats.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * A path from the root of a document to a node, rendered as {@code [0].dataset.task_id} or {@code
 * tasks[1].id}. Keys that are not plain words are quoted: {@code
 * evalhub.tasks["MathArena/aime_2026"]}. Immutable; rendering happens only when a diagnostic needs
 * it.
 */
public final class YamlPath {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  /** The document itself; renders as the empty string. */
  public static final YamlPath ROOT = new YamlPath(null, null, -1);

  private final YamlPath parent;
  private final String key;
  private final int index;

  private YamlPath(YamlPath parent, String key, int index) {
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  public YamlPath key(String name) {
    return new YamlPath(this, name, -1);
  }

  public YamlPath index(int position) {
    return new YamlPath(this, null, position);
  }

  @Override
  public String toString() {
    Deque<YamlPath> segments = new ArrayDeque<>();
    for (YamlPath at = this; at.parent != null; at = at.parent) {
      segments.push(at);
    }
    StringBuilder text = new StringBuilder();
    for (YamlPath segment : segments) {
      if (segment.key == null) {
        text.append('[').append(segment.index).append(']');
      } else if (PLAIN_KEY.matcher(segment.key).matches()) {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(segment.key);
      } else {
        text.append("[\"")
            .append(segment.key.replace("\\", "\\\\").replace("\"", "\\\""))
            .append("\"]");
      }
    }
    return text.toString();
  }
}
