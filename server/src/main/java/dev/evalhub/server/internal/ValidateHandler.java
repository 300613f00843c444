package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.Validated;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/validate?type=results|benchmark|model-card} with the file as body: checks it
 * exactly as a push would, commits nothing, and answers {@code {valid, diagnostics: [{severity,
 * line, column, path, message, text}]}}. It takes what a push takes: a YAML file up to the
 * validator's own size limit plus {@link #SLACK} (so that a file just over it gets the validator's
 * diagnostic rather than a 413), a model card (whose front matter alone is limited) up to {@code
 * maxReadmeBytes}, the largest file a push accepts. Thread-safe.
 */
public final class ValidateHandler implements Handler {

  /** Room above the YAML size limit, in bytes. */
  static final long SLACK = 64 << 10;

  private final EvalFormats formats;
  private final long maxReadmeBytes;

  public ValidateHandler(EvalFormats formats, long maxReadmeBytes) {
    this.formats = formats;
    this.maxReadmeBytes = maxReadmeBytes;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    String type = ctx.queryParam("type");
    FileKind kind =
        FileKind.fromId(type == null ? "" : type)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "type must be results, benchmark or model-card, got \"" + type + "\""));
    boolean yaml = kind != FileKind.MODEL_CARD;
    long limit = yaml ? formats.options().limits().maxBytes() + SLACK : maxReadmeBytes;
    Validated<?> validated =
        formats.read(
            kind,
            LimitedInputStream.readBody(
                ctx.req(), limit, yaml ? "the YAML size limit" : "max-object-bytes"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("valid", validated.isValid());
    answer.put(
        "diagnostics",
        validated.diagnostics().stream()
            .map(
                d ->
                    Map.of(
                        "severity",
                        d.severity().word(),
                        "line",
                        d.line(),
                        "column",
                        d.column(),
                        "path",
                        d.path(),
                        "message",
                        d.message(),
                        "text",
                        d.format()))
            .toList());
    JsonResponses.write(ctx, answer);
  }
}
