package dev.evalhub.server.internal;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.Validated;
import dev.evalhub.storage.HubException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/validate?type=results|benchmark|model-card} with the file as body: checks it exactly as a push
 * would, commits nothing, and answers {@code {valid, diagnostics: [{severity, line, column, path, message,
 * text}]}}. Thread-safe.
 */
public final class ValidateHandler implements Handler {

  private final EvalFormats formats;

  public ValidateHandler(EvalFormats formats) {
    this.formats = formats;
  }

  @Override
  public void handle(Context ctx) {
    String type = ctx.queryParam("type");
    FileKind kind = FileKind.fromId(type == null ? "" : type).orElseThrow(() -> HubException.invalid(
        "type must be results, benchmark or model-card, got \"" + type + "\""));
    Validated<?> validated = formats.read(kind, ctx.bodyAsBytes());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("valid", validated.isValid());
    answer.put("diagnostics", validated.diagnostics().stream().map(d -> Map.of("severity",
        d.severity().word(), "line", d.line(), "column", d.column(), "path",
        d.path(), "message", d.message(), "text", d.format())).toList());
    JsonResponses.write(ctx, answer);
  }
}
