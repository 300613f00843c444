package dev.evalhub.formats.internal;

import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.Sequence;

/**
 * A model-card metric value that is not a number, as one line of text: a scalar's text as written
 * ({@code 20.0 ± 1.2}, {@code pending}, {@code true}, {@code null} for an empty value), a
 * collection in YAML flow style ({@code {exact_match: 80.1, f1: 88.5}}, {@code [1, 2]}). At most
 * {@value #MAX_CHARS} characters, line breaks as {@code \n}. Stateless.
 */
final class MetricText {

  static final int MAX_CHARS = 200;

  private MetricText() {}

  static String of(YamlNode node) {
    StringBuilder text = new StringBuilder();
    append(node, text);
    String oneLine = text.toString().replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= MAX_CHARS ? oneLine : oneLine.substring(0, MAX_CHARS - 1) + "…";
  }

  private static void append(YamlNode node, StringBuilder text) {
    if (text.length() > MAX_CHARS) {
      return;
    }
    if (node instanceof Scalar s) {
      text.append(s.isNull() && s.text().isEmpty() ? "null" : s.text());
    } else if (node instanceof Sequence list) {
      text.append('[');
      for (int i = 0; i < list.items().size(); i++) {
        text.append(i == 0 ? "" : ", ");
        append(list.items().get(i), text);
      }
      text.append(']');
    } else {
      text.append('{');
      boolean first = true;
      for (Entry entry : ((Mapping) node).entries()) {
        text.append(first ? "" : ", ").append(entry.key().text()).append(": ");
        append(entry.value(), text);
        first = false;
      }
      text.append('}');
    }
  }
}
