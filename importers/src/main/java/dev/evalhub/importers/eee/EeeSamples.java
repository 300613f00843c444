package dev.evalhub.importers.eee;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.Severity;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.internal.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads an instance-level {@code *_samples.jsonl} file once, as a stream: line by line (no line
 * longer than the limit is held), each line validated against {@code
 * instance_level_eval.schema.json}, the file hashed (SHA-256, and MD5 for a record that names it)
 * in the same pass. Problems are diagnostics with the line number (and the column and JSON pointer
 * inside the line); after {@link #MAX_PROBLEMS} the rest of the file is not checked.
 */
final class EeeSamples {

  /** How many problems of one samples file are reported before the check stops. */
  static final int MAX_PROBLEMS = 20;

  /** How many distinct {@code evaluation_id}s are remembered (one is expected). */
  private static final int MAX_IDS = 8;

  /**
   * What the pass found: whether it reported an error, the hashes (null when the file could not be
   * read to its end), the number of records and the {@code evaluation_id}s the lines name.
   */
  record Checked(boolean failed, String sha256, String md5, long rows, Set<String> evaluationIds) {}

  private final LogSource file;
  private final ImportContext context;
  private int problems;
  private boolean failed;
  private boolean otherVersionWarned;
  private long rows;
  private final Set<String> evaluationIds = new LinkedHashSet<>();

  private EeeSamples(LogSource file, ImportContext context) {
    this.file = file;
    this.context = context;
  }

  static Checked check(LogSource file, ImportContext context) {
    return new EeeSamples(file, context).run();
  }

  private Checked run() {
    MessageDigest sha256 = Hashing.newSha256();
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
    int maxLine = context.limits().maxLineBytes();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    long lineNumber = 1;
    long done = 0;
    byte[] buffer = new byte[1 << 16];
    long reported = 0;
    try (InputStream in = file.open()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        md5.update(buffer, 0, n);
        done += n;
        if (done - reported >= (1 << 20)) {
          context.progress().read(file.name(), done, file.size());
          reported = done;
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          if (!tooLong) {
            line.write(buffer, start, i - start);
            if (line.size() > maxLine) {
              tooLong = true;
            }
          }
          finishLine(line, tooLong, lineNumber, maxLine);
          if (stopped()) {
            return new Checked(true, null, null, rows, Set.copyOf(evaluationIds));
          }
          line.reset();
          tooLong = false;
          lineNumber++;
          start = i + 1;
        }
        if (!tooLong) {
          line.write(buffer, start, n - start);
          if (line.size() > maxLine) {
            tooLong = true;
            line.reset();
          }
        }
      }
      if (tooLong || line.size() > 0) {
        finishLine(line, tooLong, lineNumber, maxLine);
      }
    } catch (IOException e) {
      context.error(file, "cannot read the file: " + e.getMessage());
      return new Checked(true, null, null, rows, Set.copyOf(evaluationIds));
    }
    context.progress().read(file.name(), done, file.size());
    if (rows == 0 && !failed) {
      problem(0, 0, "", "the file holds no sample records");
    }
    HexFormat hex = HexFormat.of();
    return new Checked(
        failed || stopped(),
        hex.formatHex(sha256.digest()),
        hex.formatHex(md5.digest()),
        rows,
        Set.copyOf(evaluationIds));
  }

  private boolean stopped() {
    return problems > MAX_PROBLEMS;
  }

  private void finishLine(ByteArrayOutputStream line, boolean tooLong, long number, int maxLine) {
    if (tooLong) {
      problem(
          number, 0, "", "the line is longer than " + maxLine + " bytes, the limit for one line");
      return;
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    if (isBlank(bytes, length)) {
      return;
    }
    byte[] text = length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
    JsonDoc.Parsed parsed = JsonDoc.parse(text, context.limits());
    if (parsed.doc().isEmpty()) {
      JsonDoc.ParseError error = parsed.error().orElseThrow();
      problem(number, error.column(), "", error.message());
      return;
    }
    JsonDoc doc = parsed.doc().get();
    JsonNode root = doc.root();
    if (!root.isObject()) {
      problem(number, 1, "", "a sample record is a JSON object");
      return;
    }
    rows++;
    String id = EeeValues.text(root.get("evaluation_id"));
    if (id != null && evaluationIds.size() < MAX_IDS) {
      evaluationIds.add(id);
    }
    String version = EeeValues.text(root.get("schema_version"));
    boolean current = EeeSchema.VERSION.equals(version);
    if (!current && !otherVersionWarned) {
      otherVersionWarned = true;
      report(
          Severity.WARNING,
          number,
          column(doc, "/schema_version"),
          "/schema_version",
          "schema version "
              + (version == null ? "missing" : "\"" + version + "\"")
              + ": evalhub reads Every Eval Ever "
              + EeeSchema.VERSION
              + "; differences from it are warnings");
    }
    for (EeeSchema.Violation v : EeeSchema.instance().validate(root)) {
      String message = "not a valid Every Eval Ever sample record: " + v.message();
      if (current) {
        problem(number, column(doc, v.pointer()), v.pointer(), message);
        if (stopped()) {
          return;
        }
      } else {
        report(Severity.WARNING, number, column(doc, v.pointer()), v.pointer(), message);
      }
    }
  }

  private static int column(JsonDoc doc, String pointer) {
    int[] at = doc.locate(pointer);
    return at[0] == 1 ? at[1] : 0;
  }

  private void problem(long line, int column, String pointer, String message) {
    problems++;
    if (problems > MAX_PROBLEMS) {
      report(
          Severity.ERROR,
          line,
          0,
          "",
          "more than " + MAX_PROBLEMS + " problems; the rest of the file is not checked");
      return;
    }
    report(Severity.ERROR, line, column, pointer, message);
  }

  private void report(Severity severity, long line, int column, String pointer, String message) {
    if (severity == Severity.ERROR) {
      failed = true;
    }
    context.report(
        new LogDiagnostic(
            severity,
            file.name(),
            "",
            (int) Math.min(Integer.MAX_VALUE, line),
            column,
            pointer,
            message));
  }

  private static boolean isBlank(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
