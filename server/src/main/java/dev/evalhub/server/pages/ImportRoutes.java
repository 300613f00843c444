package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.importers.LogSource;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.service.ImportRequest;
import io.javalin.config.MultipartConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.javalin.http.util.MultipartUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two POSTs of the model page's "Add results from evaluation logs": the upload (multipart, the
 * files in {@code logs}, optional {@code benchmark}, {@code task}, {@code metric}), answered with
 * the preview, and the button that opens the pull request, answered with a redirect to it. Both
 * need a signed-in session and its CSRF token. Thread-safe.
 */
final class ImportRoutes {

  static final String FILES_FIELD = "logs";

  /** Room for the form's text fields and the multipart boundaries around the files. */
  private static final long FORM_OVERHEAD_BYTES = 64 << 10;

  private final PageSecurity security;
  private final PageRenderer renderer;
  private final ImportPages imports;

  ImportRoutes(PageSecurity security, PageRenderer renderer, ImportPages imports) {
    this.security = security;
    this.renderer = renderer;
    this.imports = imports;
  }

  /** {@code POST /{ns}/{name}/import}: previews the uploaded logs. */
  void preview(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Add results from evaluation logs");
    try {
      Caller caller = signedIn(ctx);
      RepoId model = PageRoutes.repo(ctx, RepoType.MODEL);
      Upload upload = read(ctx);
      security.checkedPost(ctx, upload.field(PageSecurity.CSRF_FIELD));
      ImportRequest request =
          new ImportRequest(
              upload.field("benchmark"),
              upload.field("task"),
              upload.field("metric"),
              true, // the button opens a pull request; the service names it
              null);
      renderer.page(
          ctx,
          "import.jte",
          imports.preview(chrome, model, caller, upload.logs(), upload.bytes(), request));
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  /** {@code POST /{ns}/{name}/import/open}: opens the pull request of a previewed upload. */
  void open(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Add results from evaluation logs");
    try {
      Caller caller = signedIn(ctx);
      security.checkedPost(ctx);
      RepoId model = PageRoutes.repo(ctx, RepoType.MODEL);
      ImportPages.Opened opened = imports.open(chrome, model, caller, ctx.formParam("upload"));
      if (opened.pullRequest() != null) {
        ctx.redirect(
            "/" + model.urlPath() + "/discussions/" + opened.pullRequest(), HttpStatus.SEE_OTHER);
      } else {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        renderer.page(ctx, "import.jte", opened.refused());
      }
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  private Caller signedIn(Context ctx) {
    return security
        .existing(ctx)
        .flatMap(security::caller)
        .orElseThrow(
            () ->
                new HubException(
                    HubException.Kind.UNAUTHENTICATED, "sign in to add results from logs"));
  }

  /** The form's text fields and files, read within {@link ImportPages#MAX_UPLOAD_BYTES}. */
  private record Upload(Map<String, List<String>> fields, List<LogSource> logs, long bytes) {
    String field(String name) {
      return Optional.ofNullable(fields.get(name))
          .flatMap(values -> values.stream().findFirst())
          .map(String::strip)
          .filter(value -> !value.isEmpty())
          .orElse(null);
    }
  }

  private static Upload read(Context ctx) {
    long limit = ImportPages.MAX_UPLOAD_BYTES;
    if (ctx.req().getContentLengthLong() > limit + FORM_OVERHEAD_BYTES) {
      throw tooLarge();
    }
    if (!ctx.isMultipartFormData()) {
      throw HubException.invalid("the logs must be sent as multipart/form-data");
    }
    MultipartConfig config = new MultipartConfig();
    config.maxFileSize(limit, SizeUnit.BYTES);
    config.maxTotalRequestSize(limit + FORM_OVERHEAD_BYTES, SizeUnit.BYTES);
    config.maxInMemoryFileSize(1 << 20, SizeUnit.BYTES);
    Map<String, List<String>> fields;
    List<UploadedFile> files;
    try {
      fields = MultipartUtil.INSTANCE.fieldMap(ctx.req(), config);
      files = MultipartUtil.INSTANCE.uploadedFiles(ctx.req(), FILES_FIELD, config);
    } catch (RuntimeException e) {
      throw HubException.invalid("cannot read the uploaded form: " + e.getMessage());
    }
    List<LogSource> logs = new ArrayList<>();
    long total = 0;
    for (UploadedFile file : files) {
      String name = baseName(file.filename());
      if (name.isEmpty() && file.size() == 0) {
        continue; // the browser's part for "no file chosen"
      }
      total += file.size();
      if (total > limit) {
        throw tooLarge();
      }
      try (InputStream in = file.content()) {
        logs.add(LogSource.of(name.isEmpty() ? "log" : name, in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Upload(fields, logs, total);
  }

  private static HubException tooLarge() {
    return new HubException(
        HubException.Kind.TOO_LARGE,
        "the logs are larger than the page accepts ("
            + (ImportPages.MAX_UPLOAD_BYTES >> 20)
            + " MiB): import them with ./evalhub import");
  }

  /** A browser may send a path; the name is its last segment. */
  private static String baseName(String filename) {
    String name = filename == null ? "" : filename;
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
  }
}
