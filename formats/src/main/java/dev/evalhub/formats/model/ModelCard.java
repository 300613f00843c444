package dev.evalhub.formats.model;

import java.util.List;
import java.util.Map;

/**
 * The legacy {@code model-index} of a model card's front matter: named models, each with results given as task,
 * dataset, metrics and source. Shown on model pages as "model card" results; never verified from the file.
 * Immutable; optional strings are null when absent.
 */
public record ModelCard(List<ModelIndex> models) {

  public ModelCard {
    models = List.copyOf(models);
  }

  /** One {@code model-index} item. */
  public record ModelIndex(String name, List<CardResult> results) {
    public ModelIndex {
      results = List.copyOf(results);
    }
  }

  /** One result of a {@code model-index} item. */
  public record CardResult(CardTask task, CardDataset dataset, List<CardMetric> metrics, ResultEntry.Source source) {
    public CardResult {
      metrics = List.copyOf(metrics);
    }
  }

  public record CardTask(String type, String name) {
  }

  public record CardDataset(String type, String name, String config, String split, String revision,
      Map<String, Object> args) {
    public CardDataset {
      args = PlainValues.copyOf(args);
    }
  }

  public record CardMetric(String type, double value, String name, String verifyToken) {
  }
}
