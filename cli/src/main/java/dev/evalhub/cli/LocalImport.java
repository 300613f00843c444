package dev.evalhub.cli;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.ResultsYaml;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.BenchmarkMatcher;
import dev.evalhub.importers.BenchmarkMatcher.Match;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.importers.ResultFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code evalhub import --out DIR}: reads and maps the logs in this process (the same importers and
 * matcher as the hub) against one benchmark's {@code eval.yaml} (fetched from the hub's {@code
 * /datasets/NS/NAME/resolve/main/eval.yaml}, or {@code --eval-yaml}), and writes the results file
 * and the per-sample files into the local clone {@code DIR} with the hub's naming; nothing is sent.
 * Single use.
 */
final class LocalImport {

  private final ImportCommand options;
  private final Path clone;
  private final PrintWriter out;
  private final PrintWriter err;

  LocalImport(ImportCommand options, Path clone, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.clone = clone.toAbsolutePath().normalize();
    this.out = out;
    this.err = err;
  }

  int run(List<LogFiles.Log> logs) throws IOException, InterruptedException {
    byte[] evalYaml =
        options.evalYaml != null ? Files.readAllBytes(options.evalYaml) : fetchEvalYaml();
    if (evalYaml == null) {
      return 1;
    }
    Validated<Benchmark> benchmark = EvalFormats.standard().readBenchmark(evalYaml);
    if (benchmark.value().isEmpty()) {
      benchmark.diagnostics().forEach(d -> err.println(d.format("eval.yaml")));
      return 1;
    }
    List<LogSource> sources = new ArrayList<>();
    for (LogFiles.Log log : logs) {
      sources.add(LogSource.of(log.path(), log.name()));
    }
    ReadLogs read = LogImporter.standard().read(sources);
    List<LogDiagnostic> diagnostics = new ArrayList<>(read.diagnostics());
    BenchmarkMatcher.Matched matched =
        new BenchmarkMatcher(Map.of(options.benchmark, benchmark.value().get()))
            .match(
                read.results(),
                new BenchmarkMatcher.Choice(options.benchmark, options.task, options.metric));
    diagnostics.addAll(matched.diagnostics());
    ResultFiles files = new ResultFiles(new CloneFiles(clone), 0);
    List<Match> matches = files.placeDetails(matched.matches(), diagnostics);
    for (Match match : matches) {
      out.println(line(match));
    }
    diagnostics.forEach(d -> err.println(d.format()));
    if (read.results().isEmpty() && !read.hasErrors()) {
      err.println(logs.get(0).name() + ": error: the logs state no results");
      return 1;
    }
    if (diagnostics.stream().anyMatch(LogDiagnostic::isError) || matches.isEmpty()) {
      err.println("nothing was written");
      return 1;
    }
    byte[] yaml = ResultsYaml.writeBytes(matches.stream().map(Match::entry).toList());
    String resultsPath = files.resultsPath(matches, yaml);
    if (options.dryRun) {
      out.println("# " + resultsPath);
      out.print(new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
      return 0;
    }
    write(clone.resolve(resultsPath), yaml);
    int copied = 0;
    for (DetailsFile details : files.details()) {
      Path target = clone.resolve(details.path());
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        try (InputStream in = details.source().open()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        copied++;
      }
    }
    out.println(
        "wrote "
            + resultsPath
            + " and "
            + copied
            + " per-sample file"
            + (copied == 1 ? "" : "s")
            + " into "
            + clone
            + "; commit and push them");
    return 0;
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), bytes)) {
      Files.write(file, bytes);
    }
  }

  private byte[] fetchEvalYaml() throws IOException, InterruptedException {
    String url =
        options.hub.replaceAll("/+$", "")
            + "/datasets/"
            + options.benchmark
            + "/resolve/main/eval.yaml";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (options.token != null && !options.token.isBlank()) {
      request.header("Authorization", "Bearer " + options.token);
    }
    HttpResponse<byte[]> response =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      err.println(
          "error: cannot fetch "
              + url
              + " (HTTP "
              + response.statusCode()
              + "); give the benchmark's eval.yaml with --eval-yaml FILE");
      return null;
    }
    return response.body();
  }

  private static String line(Match match) {
    ResultEntry entry = match.entry();
    return match.datasetId()
        + " "
        + match.taskId()
        + " = "
        + entry.value()
        + (entry.stderr() == null ? "" : " ± " + entry.stderr())
        + (entry.numSamples() == null ? "" : " (n=" + entry.numSamples() + ")")
        + "  <- "
        + match.from().file()
        + ": "
        + match.from().label();
  }

  /** A local clone as {@link ResultFiles} places files against it. */
  private record CloneFiles(Path root) implements ResultFiles.Repository {
    @Override
    public boolean freeFor(String path, DetailsFile details) {
      Path file = root.resolve(path);
      try {
        return !Files.exists(file)
            || (Files.size(file) == details.size() && sha256(file).equals(details.sha256()));
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public boolean freeFor(String path, byte[] text) {
      Path file = root.resolve(path);
      try {
        return !Files.exists(file) || Arrays.equals(Files.readAllBytes(file), text);
      } catch (IOException e) {
        return false;
      }
    }

    private static String sha256(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }
}
