package dev.evalhub.importers.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import java.io.IOException;

/**
 * Every Eval Ever instance-level JSON Lines ({@code instance_level_eval.schema.json} 0.3.0): one
 * record per sample and aggregate result; the item id is {@code sample_id}; the metric is the
 * record's {@code evaluation_result_id}, else its {@code evaluation_name}; the score is {@code
 * evaluation.score} (a number; {@code evaluation.is_correct} is not used). Top-level fields are
 * read token by token; {@code input}, {@code output}, {@code messages} are skipped.
 */
final class EeeSampleScores {

  static final String FORMAT = "eee-jsonl";

  private EeeSampleScores() {}

  static SampleScores read(LogSource file, ImportLimits limits) throws BadDetails {
    ItemTable table = new ItemTable();
    JsonLines.read(file, limits, (parser, line) -> row(parser, line, table));
    return table.build(FORMAT);
  }

  private static void row(JsonParser parser, long line, ItemTable table)
      throws IOException, BadDetails {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new BadDetails("line " + line + ": an instance-level record must be a JSON object");
    }
    String sampleId = null;
    String resultId = null;
    String name = null;
    Double score = null;
    boolean sawEvaluation = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      if (key.equals("sample_id") && token.isScalarValue()) {
        sampleId = parser.getText();
      } else if (key.equals("evaluation_result_id") && token == JsonToken.VALUE_STRING) {
        resultId = parser.getText();
      } else if (key.equals("evaluation_name") && token == JsonToken.VALUE_STRING) {
        name = parser.getText();
      } else if (key.equals("evaluation") && token == JsonToken.START_OBJECT) {
        sawEvaluation = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (field.equals("score")) {
            if (!value.isNumeric()) {
              throw new BadDetails(
                  "line " + line + ": evaluation.score is " + parser.getText() + ", not a number");
            }
            score = parser.getDoubleValue();
            if (!Double.isFinite(score)) {
              throw new BadDetails(
                  "line "
                      + line
                      + ": evaluation.score is "
                      + parser.getText()
                      + ", not a finite number");
            }
          } else {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    if (sampleId == null || !sawEvaluation || (resultId == null && name == null)) {
      throw new BadDetails(
          "line "
              + line
              + ": the record lacks sample_id, evaluation_name or evaluation; not an Every Eval Ever"
              + " instance-level record");
    }
    if (score == null) {
      throw new BadDetails("line " + line + ": sample " + sampleId + " has no evaluation.score");
    }
    String metric = resultId != null ? resultId : name;
    int item = table.item(sampleId);
    int column = table.metric(metric);
    if (table.has(item, column)) {
      throw new BadDetails(
          "line " + line + ": a second record for sample_id " + sampleId + " and " + metric);
    }
    table.add(item, column, score);
    table.epochsAtLeastOne(item);
  }
}
