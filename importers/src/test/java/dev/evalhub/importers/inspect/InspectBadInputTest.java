package dev.evalhub.importers.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

/** Bad and unusual input: each gives a positioned diagnostic, never an exception. */
class InspectBadInputTest {

  private static ReadLogs read(String name, byte[] bytes) {
    return read(name, bytes, ImportLimits.DEFAULT);
  }

  private static ReadLogs read(String name, byte[] bytes, ImportLimits limits) {
    return new LogImporter(List.of(new InspectReader()), limits)
        .read(List.of(LogSource.of(name, bytes)));
  }

  private static List<String> formatted(ReadLogs read) {
    return read.diagnostics().stream().map(LogDiagnostic::format).toList();
  }

  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(InspectSamplesTest.sample(name));
  }

  /** The decompressed entries of a zip, in order. */
  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile file =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
      for (ZipArchiveEntry entry : Collections.list(file.getEntriesInPhysicalOrder())) {
        try (InputStream in = file.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return entries;
  }

  /** A zip of raw entries: name → (method, declared size, crc, raw bytes). */
  record Raw(String name, int method, long size, long crc, byte[] data) {}

  static byte[] zip(List<Raw> raws) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
      for (Raw raw : raws) {
        ZipArchiveEntry entry = new ZipArchiveEntry(raw.name());
        entry.setMethod(raw.method());
        entry.setSize(raw.size());
        entry.setCompressedSize(raw.data().length);
        entry.setCrc(raw.crc());
        out.addRawArchiveEntry(entry, new ByteArrayInputStream(raw.data()));
      }
    }
    return bytes.toByteArray();
  }

  static long crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return crc.getValue();
  }

  static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  /** The entries written again, each deflated or each as two concatenated zstd frames. */
  static byte[] rewrite(Map<String, byte[]> entries, boolean zstd) throws IOException {
    List<Raw> raws =
        entries.entrySet().stream()
            .map(
                e -> {
                  byte[] data = e.getValue();
                  byte[] packed;
                  if (zstd) {
                    int half = data.length / 2;
                    byte[] first = Zstd.compress(Arrays.copyOfRange(data, 0, half), 3);
                    byte[] second = Zstd.compress(Arrays.copyOfRange(data, half, data.length), 3);
                    packed = Arrays.copyOf(first, first.length + second.length);
                    System.arraycopy(second, 0, packed, first.length, second.length);
                  } else {
                    packed = deflate(data);
                  }
                  return new Raw(
                      e.getKey(),
                      zstd ? ZipMethod.ZSTD.getCode() : ZipMethod.DEFLATED.getCode(),
                      data.length,
                      crc(data),
                      packed);
                })
            .toList();
    return zip(raws);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal finished log with one score "match" of the given metrics JSON. */
  private static String log(String status, String metrics) {
    return "{\n"
        + "  \"version\": 2,\n"
        + "  \"status\": \""
        + status
        + "\",\n"
        + "  \"eval\": {\"task\": \"t\", \"created\": \"2025-01-02T03:04:05+01:00\","
        + " \"model\": \"openai/gpt-4o\", \"packages\": {\"inspect_ai\": \"0.3.99\"}},\n"
        + "  \"plan\": {\"name\": \"plan\", \"steps\": [{\"solver\": \"generate\", \"params\": {}}],"
        + " \"config\": {}},\n"
        + "  \"results\": {\"total_samples\": 4, \"completed_samples\": 4, \"scores\": [\n"
        + "    {\"name\": \"match\", \"scorer\": \"match\", \"params\": {},\n"
        + "     \"metrics\": "
        + metrics
        + "}\n"
        + "  ]},\n"
        + "  \"error\": {\"message\": \"RuntimeError: the provider refused\\nTraceback...\"}\n"
        + "}\n";
  }

  private static final String GOOD_METRICS =
      "{\"accuracy\": {\"name\": \"accuracy\", \"value\": 0.5, \"params\": {}},"
          + " \"stderr\": {\"name\": \"stderr\", \"value\": 0.25, \"params\": {}}}";

  @Test
  void aZstdCompressedEvalImportsExactlyAsItsDeflatedTwin() throws IOException {
    for (String name : List.of("log_formats.eval", "mmlu-summary-choices.eval")) {
      Map<String, byte[]> entries = entries(sample(name));
      byte[] deflated = rewrite(entries, false);
      byte[] zstd = rewrite(entries, true);
      assertThat(entries(zstd)).as("the twin holds the same bytes").hasSameSizeAs(entries);
      try (ZipFile twin =
          ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zstd)).get()) {
        assertThat(Collections.list(twin.getEntries()))
            .allSatisfy(e -> assertThat(e.getMethod()).isEqualTo(93));
      }

      ReadLogs fromDeflated = read(name, deflated);
      ReadLogs fromZstd = read(name, zstd);

      assertThat(fromZstd.diagnostics()).isEmpty();
      assertThat(fromDeflated.diagnostics()).isEmpty();
      assertThat(fromZstd.results()).hasSize(1);
      assertThat(fromZstd.results())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields(
              "details.source", "details.sha256", "details.size")
          .isEqualTo(fromDeflated.results());
      LogResult original = read(name, sample(name)).results().get(0);
      assertThat(fromZstd.results().get(0).methodology()).isEqualTo(original.methodology());
      assertThat(fromZstd.results().get(0).value()).isEqualTo(original.value());
    }
  }

  @Test
  void aZipBombOfTwoGigabytesOfSpacesIsRefusedQuicklyWhateverItsHeaderSays() throws IOException {
    long size = 2L << 30;
    byte[] bomb = spacesDeflated(size);
    long started = System.nanoTime();
    long memoryBefore = usedMemory();

    ReadLogs honest = read("bomb.eval", zip(List.of(new Raw("header.json", 8, size, 0, bomb))));
    ReadLogs lying = read("bomb.eval", zip(List.of(new Raw("header.json", 8, 1000, 0, bomb))));

    assertThat(formatted(honest))
        .containsExactly(
            "bomb.eval!header.json: error: the entry declares 2147483648 bytes; an entry read"
                + " whole may hold at most 67108864");
    assertThat(formatted(lying))
        .containsExactly(
            "bomb.eval!header.json: error: the entry inflates to more than 67108864 bytes, the"
                + " limit for an entry read whole; reading stopped");
    assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
    assertThat(usedMemory() - memoryBefore).isLessThan(512L << 20);
  }

  @Test
  void anEntryOverTheCompressionRatioIsRefusedAsItInflates() throws IOException {
    byte[] spaces = new byte[8 << 20];
    Arrays.fill(spaces, (byte) ' ');
    byte[] packed = deflate(spaces);

    ReadLogs read =
        read(
            "ratio.eval",
            zip(List.of(new Raw("header.json", 8, spaces.length, crc(spaces), packed))));

    assertThat(formatted(read))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .startsWith(
                        "ratio.eval!header.json: error: the entry inflates "
                            + packed.length
                            + " compressed bytes to more than ")
                    .endsWith(", a compression ratio above 200 (a zip bomb?); reading stopped"));
  }

  @Test
  void anArchiveWithMoreEntriesThanTheLimitIsRefusedBeforeItIsOpened() throws IOException {
    ImportLimits limits = new ImportLimits(8L << 30, 64L << 20, 16 << 20, 200, 3, 16L << 30, 200);

    ReadLogs read = read("log_formats.eval", sample("log_formats.eval"), limits);

    assertThat(formatted(read))
        .containsExactly(
            "log_formats.eval: error: the archive declares 6 entries; an archive may hold at"
                + " most 3");
  }

  @Test
  void aTruncatedEvalSaysItIsNotAReadableZip() throws IOException {
    byte[] whole = sample("log_formats.eval");

    ReadLogs read = read("log_formats.eval", Arrays.copyOf(whole, whole.length / 2));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            "log_formats.eval: error: not a readable zip archive: it has no"
                + " end-of-central-directory record (the file is truncated or corrupt)");
  }

  @Test
  void corruptEntryBytesAreAnErrorOfThatEntry() throws IOException {
    byte[] bytes = sample("log_formats.eval");
    long offset;
    long length;
    try (ZipFile file =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get()) {
      ZipArchiveEntry header = file.getEntry("header.json");
      offset = header.getDataOffset();
      length = header.getCompressedSize();
    }
    for (long i = offset + length / 3; i < offset + 2 * length / 3; i++) {
      bytes[(int) i] ^= 0x5A;
    }

    ReadLogs read = read("log_formats.eval", bytes);

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .startsWith("log_formats.eval!header.json: error: the entry")
                    .containsAnyOf("corrupt", "declares"));
  }

  @Test
  void aHeaderThatIsNotJsonSaysWhereItBroke() throws IOException {
    byte[] text = utf8("{\n  \"status\": \"success\",\n  \"eval\": {oops}\n}\n");

    ReadLogs read =
        read(
            "bad.eval",
            zip(List.of(new Raw("header.json", 8, text.length, crc(text), deflate(text)))));

    assertThat(formatted(read))
        .singleElement()
        .satisfies(
            d -> assertThat(d).startsWith("bad.eval!header.json:3:12: error: not valid JSON"));
  }

  @Test
  void anUnfinishedEvalFallsBackToItsStartAndSaysItHasNoResults() throws IOException {
    Map<String, byte[]> entries = entries(sample("log_formats.eval"));
    entries.remove("header.json");

    ReadLogs read = read("log_formats.eval", rewrite(entries, false));

    assertThat(formatted(read))
        .containsExactly(
            "log_formats.eval!_journal/start.json: error: the run did not finish: the archive has"
                + " no header.json, only its start (task \"popularity\", model \"ollama/llama3.1\","
                + " created 2024-10-15T12:53:13-04:00); an unfinished run has no results");
  }

  @Test
  void aNanAccuracyIsAPositionedError() {
    ReadLogs read =
        read(
            "nan.json",
            utf8(log("success", GOOD_METRICS.replace("\"value\": 0.5", "\"value\": NaN"))));

    assertThat(read.results()).isEmpty();
    assertThat(formatted(read))
        .containsExactly(
            "nan.json:8:60: error: the metric accuracy is NaN, not a finite number"
                + " (at /results/scores/0/metrics/accuracy/value)");
  }

  @Test
  void aMetricOfTheWrongTypeIsAPositionedError() {
    ReadLogs read =
        read(
            "type.json",
            utf8(log("success", GOOD_METRICS.replace("\"value\": 0.5", "\"value\": \"N/A\""))));

    assertThat(formatted(read))
        .containsExactly(
            "type.json:8:60: error: the metric accuracy must be a number, found \"N/A\""
                + " (at /results/scores/0/metrics/accuracy/value)");
  }

  @Test
  void aRunThatEndedInErrorSaysSoWithTheError() {
    ReadLogs read = read("error.json", utf8(log("error", GOOD_METRICS)));

    assertThat(formatted(read))
        .containsExactly(
            "error.json:3:13: error: the run's status is \"error\", not \"success\": only a"
                + " finished run is imported (error: RuntimeError: the provider refused)"
                + " (at /status)");
  }

  @Test
  void aStartedRunIsUnfinished() {
    ReadLogs read = read("started.json", utf8(log("started", GOOD_METRICS)));

    assertThat(formatted(read))
        .containsExactly(
            "started.json:3:13: error: the run did not finish (status \"started\"): it has no"
                + " results (at /status)");
  }

  @Test
  void aPartialRunIsImportedWithAWarning() {
    ReadLogs read =
        read(
            "partial.json",
            utf8(
                log("success", GOOD_METRICS)
                    .replace("\"completed_samples\": 4", "\"completed_samples\": 3")));

    assertThat(read.results())
        .singleElement()
        .satisfies(r -> assertThat(r.numSamples()).isEqualTo(3L));
    assertThat(formatted(read))
        .containsExactly(
            "partial.json:6:56: warning: a partial run: 3 of 4 samples completed; the scores are"
                + " over the completed ones (at /results/completed_samples)");
  }

  @Test
  void anUnknownLogVersionIsReadWithOneWarning() {
    ReadLogs read =
        read(
            "v9.json",
            utf8(log("success", GOOD_METRICS).replace("\"version\": 2", "\"version\": 9")));

    assertThat(read.results()).hasSize(1);
    assertThat(formatted(read))
        .containsExactly(
            "v9.json:2:14: warning: log format version 9 is newer than the versions this reader"
                + " knows (up to 3); reading what it can (at /version)");
  }

  @Test
  void severalScoresNameTheirMetricsByScoreAndStderrStaysWithItsScore() {
    String text =
        log("success", GOOD_METRICS)
            .replace(
                "]},\n  \"error\"",
                ",\n    {\"name\": \"includes\", \"scorer\": \"includes\", \"scored_samples\": 4,"
                    + " \"metrics\": {\"mean\": {\"name\": \"mean\", \"value\": 0.75},"
                    + " \"std\": {\"name\": \"std\", \"value\": 0.4}}}\n  ]},\n  \"error\"");

    ReadLogs read = read("two.json", utf8(text));

    assertThat(read.diagnostics()).isEmpty();
    assertThat(read.results())
        .extracting(LogResult::metric, LogResult::value, LogResult::stderr, LogResult::numSamples)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("match/accuracy", 0.5, 0.25, 4L),
            org.assertj.core.groups.Tuple.tuple("includes/mean", 0.75, null, 4L));
  }

  @Test
  void chainOfThoughtFewShotAndGenerationAreReadFromThePlanAndTaskArgs() {
    String text =
        log("success", GOOD_METRICS)
            .replace(
                "\"model\": \"openai/gpt-4o\",",
                "\"model\": \"openai/gpt-4o\", \"task_version\": \"1.0\","
                    + " \"task_args\": {\"fewshot\": 5},"
                    + " \"config\": {\"epochs\": 4, \"epochs_reducer\": [\"mode\"]},"
                    + " \"model_generate_config\": {\"temperature\": 0.7, \"seed\": 42,"
                    + " \"max_connections\": 10, \"stop_seqs\": [\"\\n\\n\"]},")
            .replace(
                "[{\"solver\": \"generate\", \"params\": {}}], \"config\": {}",
                "[{\"solver\": \"inspect_ai/multiple_choice\", \"params\": {\"cot\": true}}],"
                    + " \"config\": {\"temperature\": 0.0, \"max_tokens\": 512}")
            .replace("\"completed_samples\": 4", "\"completed_samples\": 16");

    ReadLogs read = read("cot.json", utf8(text));

    assertThat(read.diagnostics()).isEmpty();
    LogResult r = read.results().get(0);
    assertThat(r.numSamples()).as("16 completed over 4 epochs").isEqualTo(4L);
    assertThat(r.methodology().scoring()).isEqualTo("generate_cot");
    assertThat(r.methodology().numFewshot()).isEqualTo(5L);
    assertThat(r.methodology().string("task_version")).isEqualTo("1.0");
    assertThat(r.methodology().fields().get("generation"))
        .isEqualTo(
            Map.of("temperature", 0.0, "seed", 42L, "stop", List.of("\n\n"), "max_tokens", 512L));
    assertThat(r.methodology().fields())
        .containsEntry("seed", 42L)
        .containsEntry("epochs", 4L)
        .containsEntry("epoch_reducer", List.of("mode"));
  }

  @Test
  void aModelGradedScorerIsAJudgeWhateverTheSolver() {
    String text =
        log("success", GOOD_METRICS)
            .replace(
                "\"scorer\": \"match\", \"params\": {}",
                "\"scorer\": \"inspect_ai/model_graded_qa\","
                    + " \"params\": {\"model\": \"anthropic/claude-3-5-haiku\"}")
            .replace("\"solver\": \"generate\"", "\"solver\": \"multiple_choice\"");

    LogResult r = read("judge.json", utf8(text)).results().get(0);

    assertThat(r.methodology().scoring()).isEqualTo("model_judge");
    assertThat(r.methodology().string("judge")).isEqualTo("anthropic/claude-3-5-haiku");
  }

  /** 2 GiB of spaces as one raw deflate stream, built from one repeated block in milliseconds. */
  private static byte[] spacesDeflated(long size) {
    int block = 1 << 20;
    byte[] spaces = new byte[block];
    Arrays.fill(spaces, (byte) ' ');
    Deflater deflater = new Deflater(9, true);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream repeated = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    for (ByteArrayOutputStream out : List.of(first, repeated)) {
      deflater.setInput(spaces);
      int n;
      while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
        out.write(buffer, 0, n);
      }
    }
    deflater.finish();
    ByteArrayOutputStream end = new ByteArrayOutputStream();
    while (!deflater.finished()) {
      end.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(first.toByteArray());
    byte[] again = repeated.toByteArray();
    for (long done = block; done < size; done += block) {
      all.writeBytes(again);
    }
    all.writeBytes(end.toByteArray());
    return all.toByteArray();
  }

  private static long usedMemory() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
