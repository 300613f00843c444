package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.yaml.YamlNode;
import java.util.List;

/** Work in progress. */
public final class ModelCardReader {
  public ModelCardReader(Object... options) {
  }

  public Validated<ModelCard> read(YamlNode root, List<Diagnostic> found) {
    return Validated.failed(found);
  }
}
