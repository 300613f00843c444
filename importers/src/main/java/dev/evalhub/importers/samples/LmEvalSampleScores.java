package dev.evalhub.importers.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lm-eval {@code samples_<task>_<date>.jsonl}: one record per document and filter; the item id is
 * {@code doc_id}; the metrics are the names the record's {@code metrics} list gives (else every
 * number or boolean top-level key but {@code doc_id}), read from the record's top-level keys; a
 * metric whose value is a list (a corpus-level metric's per-sample inputs, e.g. {@code bleu}) is no
 * per-item score and left out. A {@code filter} other than {@code none} is appended as in the
 * results file: {@code exact_match,strict-match}.
 */
final class LmEvalSampleScores {

  static final String FORMAT = "lm-eval-samples";

  private LmEvalSampleScores() {}

  static SampleScores read(LogSource file, ImportLimits limits) throws BadDetails {
    ItemTable table = new ItemTable();
    JsonLines.read(file, limits, (parser, line) -> row(parser, line, table));
    return table.build(FORMAT);
  }

  private static void row(JsonParser parser, long line, ItemTable table)
      throws IOException, BadDetails {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new BadDetails("line " + line + ": an lm-eval sample record must be a JSON object");
    }
    String docId = null;
    String filter = null;
    List<String> named = null;
    Map<String, Double> numbers = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      if (key.equals("doc_id")) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_STRING) {
          throw new BadDetails("line " + line + ": doc_id is not an integer or a string");
        }
        docId = parser.getText();
      } else if (key.equals("filter") && token == JsonToken.VALUE_STRING) {
        filter = parser.getText();
      } else if (key.equals("metrics") && token == JsonToken.START_ARRAY) {
        named = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
          named.add(parser.getText());
        }
        parser.skipChildren();
      } else if (token.isNumeric()) {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
          throw new BadDetails(
              "line " + line + ": " + key + " is " + parser.getText() + ", not a finite number");
        }
        numbers.put(key, value);
      } else if (token.isBoolean()) {
        numbers.put(key, token == JsonToken.VALUE_TRUE ? 1.0 : 0.0);
      } else {
        parser.skipChildren();
      }
    }
    if (docId == null) {
      throw new BadDetails("line " + line + ": the record has no doc_id; not lm-eval samples");
    }
    List<String> metrics = named != null ? named : new ArrayList<>(numbers.keySet());
    String suffix = filter == null || filter.equals("none") ? "" : "," + filter;
    int item = table.item(docId);
    boolean any = false;
    for (String metric : metrics) {
      Double value = numbers.get(metric);
      if (value == null) {
        continue;
      }
      int column = table.metric(metric + suffix);
      if (table.has(item, column)) {
        throw new BadDetails(
            "line "
                + line
                + ": a second record for doc_id "
                + docId
                + (filter == null ? "" : " and filter \"" + filter + "\""));
      }
      table.add(item, column, value);
      any = true;
    }
    if (named == null && !any) {
      throw new BadDetails(
          "line " + line + ": doc_id " + docId + " has no numeric metric; not lm-eval samples");
    }
    table.epochsAtLeastOne(item);
  }
}
