package dev.evalhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes small details files of genuine shape from a per-item 0/1 vector, for tests of per-sample
 * statistics (standard errors, paired tests across models): an lm-eval 0.4 {@code
 * samples_<task>_<date>.jsonl} (one record per {@code doc_id} 0..n-1, filter {@code none}, metric
 * {@code acc}) and an Inspect {@code .json} log (samples with ids 1..n, epoch 1, scorer {@code
 * choice} valued {@code "C"} or {@code "I"}, the header's {@code accuracy} the vector's mean).
 * Stateless.
 */
public final class DetailsFiles {

  private DetailsFiles() {}

  /**
   * Writes {@code folder/samples_<task>_2026-01-01T00-00-00.000000.jsonl} where doc {@code i} has
   * {@code acc} = {@code correct[i]} (0 or 1); returns the file.
   */
  public static Path lmEvalSamples(Path folder, String task, int[] correct) {
    Objects.requireNonNull(task, "task");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < correct.length; i++) {
      int value = bit(correct, i);
      out.append("{\"doc_id\": ")
          .append(i)
          .append(", \"doc\": {\"question\": \"Question ")
          .append(i)
          .append("?\", \"choices\": [\"yes\", \"no\"], \"answer\": 0}, \"target\": 0,")
          .append(" \"arguments\": {\"gen_args_0\": {\"arg_0\": \"Question ")
          .append(i)
          .append("?\\nAnswer:\", \"arg_1\": \" yes\"}, \"gen_args_1\": {\"arg_0\": \"Question ")
          .append(i)
          .append("?\\nAnswer:\", \"arg_1\": \" no\"}},")
          .append(" \"resps\": [[[")
          .append(value == 1 ? "-0.1" : "-2.3")
          .append(", false]], [[")
          .append(value == 1 ? "-2.3" : "-0.1")
          .append(", false]]], \"filtered_resps\": [[")
          .append(value == 1 ? "-0.1" : "-2.3")
          .append(", false], [")
          .append(value == 1 ? "-2.3" : "-0.1")
          .append(", false]], \"filter\": \"none\", \"metrics\": [\"acc\"],")
          .append(" \"doc_hash\": \"")
          .append(hash(i))
          .append("\", \"prompt_hash\": \"")
          .append(hash(i + 1_000_000))
          .append("\", \"target_hash\": \"")
          .append(hash(0))
          .append("\", \"acc\": ")
          .append(value)
          .append(".0}\n");
    }
    return write(folder.resolve("samples_" + task + "_2026-01-01T00-00-00.000000.jsonl"), out);
  }

  /**
   * Writes {@code folder/<task>.json}, an Inspect log of {@code model} on {@code task} where sample
   * {@code i + 1} scored {@code "C"} when {@code correct[i]} is 1 and {@code "I"} when 0; returns
   * the file.
   */
  public static Path inspectJson(Path folder, String task, String model, int[] correct) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(model, "model");
    int right = 0;
    for (int i = 0; i < correct.length; i++) {
      right += bit(correct, i);
    }
    double accuracy = correct.length == 0 ? 0 : (double) right / correct.length;
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"version\": 2,\n  \"status\": \"success\",\n  \"eval\": {\"run_id\": \"run-")
        .append(task)
        .append("\", \"created\": \"2026-01-01T00:00:00+00:00\", \"task\": \"")
        .append(task)
        .append("\", \"task_id\": \"")
        .append(hash(task.hashCode()), 0, 22)
        .append("\", \"task_version\": 0, \"dataset\": {\"name\": \"")
        .append(task)
        .append("\", \"samples\": ")
        .append(correct.length)
        .append("}, \"model\": \"")
        .append(model)
        .append("\", \"config\": {\"epochs\": 1}},\n")
        .append(
            "  \"plan\": {\"name\": \"plan\", \"steps\": [{\"solver\": \"multiple_choice\"}]},\n")
        .append("  \"results\": {\"total_samples\": ")
        .append(correct.length)
        .append(", \"completed_samples\": ")
        .append(correct.length)
        .append(", \"scores\": [{\"name\": \"choice\", \"scorer\": \"choice\", \"params\": {},")
        .append(" \"metrics\": {\"accuracy\": {\"name\": \"accuracy\", \"value\": ")
        .append(accuracy)
        .append(", \"params\": {}}}}]},\n")
        .append("  \"stats\": {\"started_at\": \"2026-01-01T00:00:00+00:00\",")
        .append(" \"completed_at\": \"2026-01-01T00:01:00+00:00\"},\n")
        .append("  \"samples\": [");
    for (int i = 0; i < correct.length; i++) {
      int value = bit(correct, i);
      out.append(i == 0 ? "\n    " : ",\n    ")
          .append("{\"id\": ")
          .append(i + 1)
          .append(", \"epoch\": 1, \"input\": \"Question ")
          .append(i + 1)
          .append("?\", \"choices\": [\"yes\", \"no\"], \"target\": \"A\", \"messages\": [],")
          .append(" \"output\": {\"model\": \"")
          .append(model)
          .append("\", \"choices\": []}, \"scores\": {\"choice\": {\"value\": \"")
          .append(value == 1 ? "C" : "I")
          .append("\", \"answer\": \"")
          .append(value == 1 ? "A" : "B")
          .append("\", \"explanation\": \"ANSWER: ")
          .append(value == 1 ? "A" : "B")
          .append("\"}}, \"metadata\": {}, \"store\": {}}");
    }
    out.append("\n  ]\n}\n");
    return write(folder.resolve(task + ".json"), out);
  }

  private static int bit(int[] correct, int i) {
    if (correct[i] != 0 && correct[i] != 1) {
      throw new IllegalArgumentException("correct[" + i + "] is " + correct[i] + ", not 0 or 1");
    }
    return correct[i];
  }

  private static String hash(int seed) {
    StringBuilder hex = new StringBuilder();
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    while (hex.length() < 64) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      hex.append(String.format("%016x", x));
    }
    return hex.substring(0, 64);
  }

  private static Path write(Path file, CharSequence text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
