package dev.evalhub.importers.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a JSON Lines file line by line, each non-blank line handed to a {@link Row} as a parser
 * positioned before its first token: at most {@link ImportLimits#maxLineBytes()} (plus a read
 * block) is held whatever the file size, as in {@code lmeval.SamplesScan}. Not thread-safe.
 */
final class JsonLines {

  /** Reads one line; {@code line} is 1-based. */
  interface Row {
    void read(JsonParser parser, long line) throws IOException, BadDetails;
  }

  private static final int BLOCK = 1 << 16;

  private JsonLines() {}

  /** A parser factory for one line or document: NaN and Infinity parse (and are then refused). */
  static JsonFactory factory(ImportLimits limits, long maxString) {
    return JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxString))
                .maxNumberLength(1000)
                .build())
        .build();
  }

  /** Calls {@code row} for each non-blank line of {@code file}; returns the number of lines. */
  static long read(LogSource file, ImportLimits limits, Row row) throws BadDetails {
    int maxLine = limits.maxLineBytes();
    JsonFactory json = factory(limits, maxLine);
    byte[] buffer = new byte[(int) Math.min(BLOCK, (long) maxLine + 1)];
    int start = 0;
    int end = 0;
    long line = 0;
    try (InputStream in = file.open()) {
      while (true) {
        if (end == buffer.length) {
          if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
          } else {
            buffer =
                java.util.Arrays.copyOf(
                    buffer, (int) Math.min((long) buffer.length * 2, (long) maxLine + 1));
          }
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
          break;
        }
        int from = end;
        end += n;
        for (int i = from; i < end; i++) {
          if (buffer[i] == '\n') {
            line++;
            one(json, row, buffer, start, i - start, line);
            start = i + 1;
          }
        }
        if (end - start > maxLine) {
          throw new BadDetails(
              "line " + (line + 1) + ": longer than " + maxLine + " bytes, the limit for a line");
        }
      }
      if (end > start) {
        line++;
        one(json, row, buffer, start, end - start, line);
      }
    } catch (IOException e) {
      throw new BadDetails("cannot read the file: " + e.getMessage());
    }
    return line;
  }

  private static void one(
      JsonFactory json, Row row, byte[] bytes, int offset, int length, long line)
      throws BadDetails {
    if (isBlank(bytes, offset, length)) {
      return;
    }
    try (JsonParser parser = json.createParser(bytes, offset, length)) {
      row.read(parser, line);
      if (parser.nextToken() != null) {
        throw new BadDetails("line " + line + ": more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      throw new BadDetails("line " + line + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadDetails("line " + line + ": cannot read the line: " + e.getMessage());
    }
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
