package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.yaml.YamlNode;
import java.util.List;

/** Work in progress. */
public final class BenchmarkReader {
  public BenchmarkReader(Object... options) {
  }

  public Validated<Benchmark> read(YamlNode root, List<Diagnostic> found) {
    return Validated.failed(found);
  }
}
