package dev.evalhub.formats.model;

import java.util.List;
import java.util.Map;

/**
 * The legacy {@code model-index} of a model card's front matter: named models, each with results
 * given as task, dataset, metrics and source. Shown on model pages as "model card" results; never
 * verified from the file and never on a leaderboard. Immutable; optional values are null when
 * absent.
 *
 * <p>As on the Hub, a result's {@code dataset} is optional and a metric's value may be anything
 * YAML holds: a value that is not a finite number ({@code "20.0 ± 1.2"}, {@code pending}, a
 * mapping, a list, a boolean, null) is kept as text ({@link CardMetric#text()}) and its {@link
 * CardMetric#value()} is null.
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

  /**
   * One result of a {@code model-index} item; {@code dataset} and {@code source} are null when
   * absent.
   */
  public record CardResult(
      CardTask task, CardDataset dataset, List<CardMetric> metrics, ResultEntry.Source source) {
    public CardResult {
      metrics = List.copyOf(metrics);
    }
  }

  public record CardTask(String type, String name) {}

  public record CardDataset(
      String type,
      String name,
      String config,
      String split,
      String revision,
      Map<String, Object> args) {
    public CardDataset {
      args = PlainValues.copyOf(args);
    }
  }

  /**
   * One metric: {@code value} when the file holds a finite number, else null and {@code text} is
   * the value as written (a scalar's text, or a collection in YAML flow style such as {@code
   * {exact_match: 80.1, f1: 88.5}}).
   */
  public record CardMetric(
      String type, Double value, String text, String name, String config, String verifyToken) {
    public CardMetric {
      if ((value == null) == (text == null)) {
        throw new IllegalArgumentException(
            "a metric has either a number or a text, got " + value + " and " + text);
      }
    }

    /** Whether the value is a finite number (only those could ever be compared). */
    public boolean isNumber() {
      return value != null;
    }
  }
}
