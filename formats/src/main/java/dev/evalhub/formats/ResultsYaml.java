package dev.evalhub.formats;

import dev.evalhub.formats.model.ResultEntries;
import dev.evalhub.formats.model.ResultEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * Writes result entries as the text of a {@code .eval_results/*.yaml} file, so that {@link
 * EvalFormats#readResults} reads the same entries back: block style, keys in the spec's order
 * ({@code dataset}, {@code value}, {@code verifyToken}, {@code date}, {@code source}, {@code
 * notes}, {@code stderr}, {@code num_samples}, {@code methodology}, {@code details}, then unknown
 * keys in their order; a methodology's keys in their order), no anchors or aliases, floating-point
 * numbers in their round-trip form ({@code 0.625}, {@code 1.0}), and every string that a YAML 1.1
 * reader (PyYAML, the Hub's Python tools) could take for something else — a number, a date, {@code
 * yes}, {@code null} — double-quoted. The same entries always give the same bytes. Stateless and
 * thread-safe.
 */
public final class ResultsYaml {

  /** Plain scalars that YAML 1.1 or 1.2 would read as a number, a date, a boolean or null. */
  private static final Pattern NOT_A_PLAIN_STRING =
      Pattern.compile(
          "[-+]?(\\.?[0-9][0-9_.,:eE+-]*|\\.inf|\\.Inf|\\.INF|\\.nan|\\.NaN|\\.NAN|0x[0-9a-fA-F_]+"
              + "|0o?[0-7_]+|0b[01_]+)"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"
              + "|(?i:y|n|yes|no|on|off|true|false|null|~)|");

  private ResultsYaml() {}

  /** The YAML text of a results file holding {@code entries}, in their order. */
  public static String write(List<ResultEntry> entries) {
    List<Object> tree = new ArrayList<>(entries.size());
    for (ResultEntry entry : entries) {
      tree.add(plain(entry));
    }
    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(0)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setDereferenceAliases(true)
            .build();
    return new Dump(settings, new Representer(settings)).dumpToString(tree);
  }

  /** The bytes (UTF-8) of {@link #write}. */
  public static byte[] writeBytes(List<ResultEntry> entries) {
    return write(entries).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The entry's tree in the file's key order ({@link ResultEntries}), then its unknown keys. */
  private static Map<String, Object> plain(ResultEntry entry) {
    Map<String, Object> map = new LinkedHashMap<>(ResultEntries.toTree(entry));
    entry.extraKeys().forEach(map::putIfAbsent);
    return map;
  }

  /**
   * SnakeYAML Engine's representer with two changes: strings that could read as another type are
   * double-quoted, and doubles are written in Java's round-trip form, always as floats.
   */
  private static final class Representer extends StandardRepresenter {
    Representer(DumpSettings settings) {
      super(settings);
      RepresentString strings = new RepresentString();
      representers.put(
          String.class,
          data ->
              NOT_A_PLAIN_STRING.matcher((String) data).matches()
                  ? representScalar(Tag.STR, (String) data, ScalarStyle.DOUBLE_QUOTED)
                  : strings.representData(data));
      representers.put(
          Double.class,
          data -> {
            double value = (Double) data;
            String text =
                Double.isNaN(value)
                    ? ".nan"
                    : Double.isInfinite(value) ? (value > 0 ? ".inf" : "-.inf") : repr(value);
            return representScalar(Tag.FLOAT, text, ScalarStyle.PLAIN);
          });
    }

    /** {@code 0.625}, {@code 1.0}, {@code 1.0e-05}: always a YAML float, exact on reading. */
    private static String repr(double value) {
      return Double.toString(value).replace("E", "e");
    }
  }
}
