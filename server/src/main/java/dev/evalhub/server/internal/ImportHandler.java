package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoPaths;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogSource;
import dev.evalhub.service.ImportOutcome;
import dev.evalhub.service.ImportPreview;
import dev.evalhub.service.ImportRequest;
import dev.evalhub.service.ImportService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code POST /api/models/{ns}/{name}/results/import}: evaluation logs in, results out ({@link
 * ImportService}). The body is one log ({@code ?filename=NAME}) or a {@code multipart/form-data}
 * upload of several (each file part named by its file name, which may carry folders such as {@code
 * run1/stats.json}, or by a {@code path} field sent just before it); either is streamed to a
 * temporary folder under the data folder, at most {@code maxBodyBytes} in all (413 beyond), and
 * deleted afterwards. {@code dry_run=1} previews, {@code create_pr=1} opens a pull request, {@code
 * benchmark}, {@code task} and {@code metric} name what the logs feed. Who may import is checked
 * before the body is read (401, 403, 404 as the commit API). The answer is {@link ImportJson}'s,
 * with 400 when a diagnostic is an error (nothing committed). Thread-safe.
 */
public final class ImportHandler implements Handler {

  /** The multipart attribute Jetty's servlet request reads its upload settings from. */
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  private final RequestAccess access;
  private final ImportService imports;
  private final Path temporary;
  private final long maxBodyBytes;

  public ImportHandler(
      RequestAccess access, ImportService imports, Path dataDir, long maxBodyBytes) {
    this.access = access;
    this.imports = imports;
    this.temporary = dataDir.resolve("tmp").resolve("imports");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    Caller caller = access.requireCaller(ctx);
    RepoId model = ApiRequests.model(ctx);
    boolean dryRun = isTrue(ctx.queryParam("dry_run"));
    ImportRequest request =
        new ImportRequest(
            ctx.queryParam("benchmark"),
            ctx.queryParam("task"),
            ctx.queryParam("metric"),
            isTrue(ctx.queryParam("create_pr")),
            ctx.queryParam("title"));
    imports.check(caller, model, dryRun, request.createPr());
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw LimitedInputStream.tooLarge(maxBodyBytes, "max-pack-bytes");
    }
    Files.createDirectories(temporary);
    Path folder = Files.createTempDirectory(temporary, "upload-");
    try {
      List<LogSource> logs = receive(ctx, folder);
      if (dryRun) {
        ImportPreview preview = imports.preview(caller, model, logs, request);
        ImportJson.write(ctx, model, new ImportOutcome(preview, null, null));
      } else {
        ImportOutcome outcome =
            imports.tryImport(caller, model, logs, request, ImportProgress.NONE);
        ImportJson.write(ctx, model, outcome);
      }
    } finally {
      delete(folder);
    }
  }

  private List<LogSource> receive(Context ctx, Path folder) throws IOException {
    String type = Optional.ofNullable(ctx.contentType()).orElse("");
    if (type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      return receiveParts(ctx, folder);
    }
    String name = ctx.queryParam("filename");
    if (name == null || name.isBlank()) {
      throw HubException.invalid(
          "name the log with ?filename=NAME (or send several as multipart/form-data)");
    }
    Path file = folder.resolve("0");
    try (InputStream in =
        new LimitedInputStream(ctx.req().getInputStream(), maxBodyBytes, "max-pack-bytes")) {
      Files.copy(in, file);
    }
    return List.of(LogSource.of(file, logName(name)));
  }

  private List<LogSource> receiveParts(Context ctx, Path folder) throws IOException {
    ctx.req()
        .setAttribute(
            MULTIPART_CONFIG,
            new MultipartConfigElement(folder.toString(), maxBodyBytes, maxBodyBytes, 0));
    List<Part> parts;
    try {
      parts = new ArrayList<>(ctx.req().getParts());
    } catch (ServletException | IllegalStateException e) {
      String why = String.valueOf(e.getMessage());
      if (why.toLowerCase(java.util.Locale.ROOT).contains("exceed")) {
        throw LimitedInputStream.tooLarge(maxBodyBytes, "max-pack-bytes");
      }
      throw HubException.invalid("cannot read the multipart body: " + why);
    }
    List<LogSource> logs = new ArrayList<>();
    String pendingPath = null;
    for (Part part : parts) {
      if (part.getSubmittedFileName() == null) {
        if (part.getName().equals("path")) {
          try (InputStream in = part.getInputStream()) {
            pendingPath = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
          }
        }
        continue;
      }
      String name = pendingPath != null ? pendingPath : part.getSubmittedFileName();
      pendingPath = null;
      Path file = folder.resolve("part-" + logs.size());
      try (InputStream in = part.getInputStream()) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      part.delete();
      logs.add(LogSource.of(file, logName(name)));
    }
    if (logs.isEmpty()) {
      throw HubException.invalid("the multipart body holds no file part (a log)");
    }
    return logs;
  }

  /** A log's name as diagnostics show it: a relative path with {@code /}, never empty. */
  private static String logName(String name) {
    String clean = name.replace('\\', '/').strip();
    while (clean.startsWith("/") || clean.startsWith("./")) {
      clean = clean.substring(clean.startsWith("/") ? 1 : 2);
    }
    try {
      return RepoPaths.require(clean);
    } catch (HubException e) {
      throw HubException.invalid("a log's name must be a relative path, found \"" + name + "\"");
    }
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static boolean isTrue(String flag) {
    return flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
  }
}
