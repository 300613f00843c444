package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams an lm-eval {@code samples_<task>_<date_id>.jsonl} file once: its bytes are hashed as they
 * are read and split into lines, and each line is parsed token by token (the {@code doc}, the
 * prompts and the responses are skipped, never decoded) for the two facts the reader needs — the
 * rows per filter and, for multiple-choice tasks, whether the scored continuations are choice
 * letters. Memory is bounded by {@link dev.evalhub.importers.ImportLimits#maxLineBytes()} whatever
 * the file size. Not thread-safe: one scan, one thread.
 */
final class SamplesScan {

  private static final int BLOCK = 1 << 20;

  /**
   * What a scan found.
   *
   * @param sha256 the SHA-256 (hex) of the file's bytes
   * @param size the file's size in bytes
   * @param rowsPerFilter the rows per {@code filter} value, in first-seen order
   * @param choices what the scored continuations ({@code arguments.*.arg_1}) say about the choices
   */
  record Summary(String sha256, long size, Map<String, Long> rowsPerFilter, Choices choices) {}

  /** The choice shape the scored continuations show across all rows of the file. */
  enum Choices {
    /** No row scored string continuations (a generation task, or no arguments recorded). */
    NONE,
    /** Every row scored the labels A, B, C… in order (optionally "(A)", "A." or "A)"). */
    LETTERS,
    /** At least one row scored continuations other than letter labels: the answer texts. */
    ANSWERS
  }

  private final LogSource file;
  private final ImportContext context;
  private final JsonFactory json;
  private final int maxLineBytes;
  private final Map<String, Long> rowsPerFilter = new LinkedHashMap<>();
  private final List<String> continuations = new ArrayList<>();
  private boolean sawLetters;
  private boolean sawAnswers;
  private boolean errors;

  SamplesScan(LogSource file, ImportContext context) {
    this.file = file;
    this.context = context;
    this.maxLineBytes = context.limits().maxLineBytes();
    this.json =
        JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(context.limits().maxDepth())
                    .maxStringLength(maxLineBytes)
                    .build())
            .build();
  }

  /** Scans the file; empty (with the errors reported) when a line is bad or the file unreadable. */
  Optional<Summary> scan() {
    MessageDigest digest = Hashing.newSha256();
    long size = file.size();
    byte[] buffer = new byte[(int) Math.min(BLOCK, (long) maxLineBytes + 1)];
    int start = 0;
    int end = 0;
    long line = 0;
    long done = 0;
    boolean skipping = false;
    try (InputStream in = file.open()) {
      while (true) {
        if (end == buffer.length) {
          if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
          } else {
            buffer = grown(buffer);
          }
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
          break;
        }
        digest.update(buffer, end, n);
        done += n;
        context.progress().read(file.name(), done, size);
        int scanFrom = end;
        end += n;
        for (int i = scanFrom; i < end; i++) {
          if (buffer[i] == '\n') {
            line++;
            if (skipping) {
              skipping = false;
            } else {
              row(buffer, start, i - start, line);
            }
            start = i + 1;
          }
        }
        if (!skipping && end - start > maxLineBytes) {
          tooLong(line + 1);
          skipping = true;
        }
        if (skipping) {
          start = 0;
          end = 0;
        }
      }
      if (end > start && !skipping) {
        row(buffer, start, end - start, line + 1);
      }
    } catch (IOException e) {
      context.error(file, "cannot read the file: " + e.getMessage());
      return Optional.empty();
    }
    if (errors) {
      return Optional.empty();
    }
    Choices choices = sawAnswers ? Choices.ANSWERS : sawLetters ? Choices.LETTERS : Choices.NONE;
    return Optional.of(
        new Summary(
            HexFormat.of().formatHex(digest.digest()),
            done,
            Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerFilter)),
            choices));
  }

  private byte[] grown(byte[] buffer) {
    int size = (int) Math.min((long) buffer.length * 2, (long) maxLineBytes + 1);
    byte[] bigger = new byte[size];
    System.arraycopy(buffer, 0, bigger, 0, buffer.length);
    return bigger;
  }

  private void tooLong(long line) {
    errors = true;
    context.errorAtLine(
        file, "", line, "the line is longer than " + maxLineBytes + " bytes, the limit for a line");
  }

  private void row(byte[] bytes, int offset, int length, long line) {
    if (length > maxLineBytes) {
      tooLong(line);
      return;
    }
    if (isBlank(bytes, offset, length)) {
      return;
    }
    try (JsonParser parser = json.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        errorAt(line, "a sample row must be a JSON object");
        return;
      }
      String filter = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("filter".equals(name) && value == JsonToken.VALUE_STRING) {
          filter = parser.getText();
        } else if ("arguments".equals(name) && !sawAnswers) {
          arguments(parser, value);
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        errorAt(line, "more than one JSON value on the line");
        return;
      }
      rowsPerFilter.merge(filter == null ? "" : filter, 1L, Long::sum);
    } catch (JsonProcessingException e) {
      errorAt(line, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      errorAt(line, "cannot read the line: " + e.getMessage());
    }
  }

  /**
   * Reads the scored continuations of one row: {@code {"gen_args_0": {"arg_0": ctx, "arg_1":
   * continuation}, ...}}, or the older {@code [[ctx, continuation], ...]}. Prompts are skipped.
   */
  private void arguments(JsonParser parser, JsonToken value) throws IOException {
    continuations.clear();
    boolean stringsOnly = true;
    if (value == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          parser.skipChildren();
          stringsOnly = false;
          continue;
        }
        String continuation = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          boolean arg1 = "arg_1".equals(parser.currentName());
          JsonToken token = parser.nextToken();
          if (arg1 && token == JsonToken.VALUE_STRING) {
            continuation = parser.getText();
          } else {
            parser.skipChildren();
          }
        }
        if (continuation == null) {
          stringsOnly = false;
        } else {
          continuations.add(continuation);
        }
      }
    } else if (value == JsonToken.START_ARRAY) {
      JsonToken item;
      while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (item != JsonToken.START_ARRAY) {
          parser.skipChildren();
          stringsOnly = false;
          continue;
        }
        int index = 0;
        String continuation = null;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (index == 1 && token == JsonToken.VALUE_STRING) {
            continuation = parser.getText();
          } else {
            parser.skipChildren();
          }
          index++;
        }
        if (continuation == null) {
          stringsOnly = false;
        } else {
          continuations.add(continuation);
        }
      }
    } else {
      parser.skipChildren();
      return;
    }
    if (!stringsOnly || continuations.size() < 2) {
      return;
    }
    if (ChoiceLabels.areLetters(continuations)) {
      sawLetters = true;
    } else {
      sawAnswers = true;
    }
  }

  private void errorAt(long line, String message) {
    errors = true;
    context.errorAtLine(file, "", line, message);
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
