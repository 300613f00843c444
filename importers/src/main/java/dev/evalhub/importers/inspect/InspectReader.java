package dev.evalhub.importers.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.formats.Severity;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads UK AISI Inspect AI logs: {@code .eval} archives (a zip of {@code header.json}, {@code
 * _journal/start.json}, {@code summaries.json}, {@code reductions.json} and {@code samples/...};
 * entries stored, deflated or zstd-compressed) and {@code .json} logs (one {@code EvalLog}
 * document, streamed past its samples when large). Each log gives one result per (score, metric) of
 * {@code results.scores}, with the methodology its {@code eval} and {@code plan} record; the log
 * itself is the result's details file. See docs/importing/inspect-ai.md.
 */
public final class InspectReader implements LogReader {

  static final String HEADER = "header.json";
  static final String START = "_journal/start.json";

  @Override
  public String framework() {
    return InspectLog.FRAMEWORK;
  }

  @Override
  public boolean accepts(Sniff sniff) {
    if (sniff.isZip()) {
      byte[] prefix = sniff.prefix();
      return sniff.baseName().endsWith(".eval")
          || contains(prefix, START.getBytes(StandardCharsets.US_ASCII))
          || contains(prefix, HEADER.getBytes(StandardCharsets.US_ASCII));
    }
    // "plan" may lie beyond the first MiB when eval.dataset.sample_ids is long; "status" precedes
    // "eval"
    return sniff.looksLikeJsonObject()
        && sniff.hasTopLevelKeys("eval")
        && (sniff.hasTopLevelKeys("plan") || sniff.hasTopLevelKeys("status"));
  }

  @Override
  public void read(List<LogSource> files, ImportContext context) {
    for (LogSource file : files) {
      if (isZip(file, context)) {
        readEval(file, context);
      } else {
        readJson(file, context);
      }
    }
  }

  private static void readEval(LogSource file, ImportContext context) {
    Optional<EvalZip> opened = EvalZip.open(file, context);
    if (opened.isEmpty()) {
      return;
    }
    try (EvalZip zip = opened.get()) {
      if (!zip.has(HEADER)) {
        unfinished(file, zip, context);
        return;
      }
      Optional<JsonDoc> doc =
          zip.read(HEADER).flatMap(bytes -> context.readJson(file, HEADER, bytes));
      doc.ifPresent(d -> new InspectLog(file, HEADER, d.root(), d, context).read("inspect-eval"));
    }
  }

  /** A {@code .eval} without {@code header.json}: the run did not finish; say what it was. */
  private static void unfinished(LogSource file, EvalZip zip, ImportContext context) {
    if (!zip.has(START)) {
      context.error(
          file, "not an Inspect log: the archive has neither header.json nor _journal/start.json");
      return;
    }
    Optional<JsonDoc> start =
        zip.read(START).flatMap(bytes -> context.readJson(file, START, bytes));
    if (start.isEmpty()) {
      return;
    }
    JsonNode eval = start.get().root().path("eval");
    String task = InspectLog.text(eval.path("task"));
    String model = InspectLog.text(eval.path("model"));
    String created = InspectLog.text(eval.path("created"));
    StringBuilder what = new StringBuilder();
    if (task != null) {
      what.append("task \"").append(task).append('"');
    }
    if (model != null) {
      what.append(what.isEmpty() ? "" : ", ").append("model \"").append(model).append('"');
    }
    if (created != null) {
      what.append(what.isEmpty() ? "" : ", ").append("created ").append(created);
    }
    context.report(
        new LogDiagnostic(
            Severity.ERROR,
            file.name(),
            START,
            0,
            0,
            "",
            "the run did not finish: the archive has no header.json, only its start"
                + (what.isEmpty() ? "" : " (" + what + ")")
                + "; an unfinished run has no results"));
  }

  private static void readJson(LogSource file, ImportContext context) {
    if (file.size() > context.limits().maxDocumentBytes()) {
      LargeJsonLog.read(file, context)
          .ifPresent(root -> new InspectLog(file, "", root, null, context).read("inspect-json"));
      return;
    }
    context
        .readJson(file)
        .ifPresent(doc -> new InspectLog(file, "", doc.root(), doc, context).read("inspect-json"));
  }

  private static boolean isZip(LogSource file, ImportContext context) {
    try (InputStream in = file.open()) {
      byte[] magic = in.readNBytes(4);
      return Arrays.equals(magic, new byte[] {'P', 'K', 3, 4}) || file.baseName().endsWith(".eval");
    } catch (IOException e) {
      return file.baseName().endsWith(".eval");
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
