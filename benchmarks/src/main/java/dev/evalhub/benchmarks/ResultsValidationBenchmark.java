package dev.evalhub.benchmarks;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultsFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + validate throughput of {@code .eval_results} files, the work every push and upload does
 * per file: a typical file of three entries (as the Hub's examples and staff tooling write them,
 * one with a methodology block and its canonical-JSON hash) and a 1,000-entry file. Run on one
 * thread: {@code java -jar benchmarks/target/benchmarks.jar ResultsValidation -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResultsValidationBenchmark {

  private static final String PLAIN_ENTRY =
      """
      - dataset:
          id: cais/hle
          task_id: hle
          revision: 5503434ddd753f426f4b38109466949a1217c2bb
        value: %s
        date: "2026-01-14"
        source:
          url: https://huggingface.co/spaces/SaylorTwift/smollm3-mmlu-pro
          name: Eval traces
          user: SaylorTwift
        notes: "no-tools"
      """;

  private static final String METHODOLOGY_ENTRY =
      """
      - dataset: {id: cais/mmlu, task_id: mmlu}
        value: 63.7
        stderr: 0.41
        num_samples: 14042
        methodology:
          framework: lm-evaluation-harness
          framework_version: "0.4.2"
          task_version: "1"
          num_fewshot: 5
          scoring: loglikelihood_answer
          chat_template: none
          generation: {temperature: 0, top_p: 1, max_tokens: 32, stop: ["\\n"]}
          precision: bfloat16
          seed: 1234
      """;

  private final EvalFormats formats = EvalFormats.standard();
  private byte[] typical;
  private byte[] thousandEntries;

  @Setup
  public void setUp() {
    typical =
        (PLAIN_ENTRY.formatted("20.9") + PLAIN_ENTRY.formatted("44.9") + METHODOLOGY_ENTRY)
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      big.append(i % 10 == 0 ? METHODOLOGY_ENTRY : PLAIN_ENTRY.formatted(i / 10.0));
    }
    thousandEntries = big.toString().getBytes(StandardCharsets.UTF_8);
    requireValid(typical, 3);
    requireValid(thousandEntries, 1000);
  }

  private void requireValid(byte[] file, int entries) {
    Validated<ResultsFile> read = formats.readResults(file);
    if (!read.isValid() || read.value().get().entries().size() != entries) {
      throw new IllegalStateException(
          "benchmark input is not a valid file of " + entries + " entries: " + read.diagnostics());
    }
  }

  @Benchmark
  public Validated<ResultsFile> typicalFileOfThreeEntries() {
    return formats.readResults(typical);
  }

  @Benchmark
  public Validated<ResultsFile> fileOfThousandEntries() {
    return formats.readResults(thousandEntries);
  }

  @Benchmark
  public String typicalFileWithMethodologyHash() {
    return formats
        .readResults(typical)
        .value()
        .orElseThrow()
        .entries()
        .get(2)
        .methodology()
        .sha256();
  }
}
