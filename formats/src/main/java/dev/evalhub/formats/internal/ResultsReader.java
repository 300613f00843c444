package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.formats.yaml.YamlNode;
import java.util.List;

/** Work in progress. */
public final class ResultsReader {
  public ResultsReader(Object... options) {
  }

  public Validated<ResultsFile> read(YamlNode root, List<Diagnostic> found) {
    return Validated.failed(found);
  }
}
