package dev.evalhub.formats.model;

/**
 * One task of a benchmark: an id unique in its {@code eval.yaml}, the dataset config and split, and
 * for {@code inspect-ai} benchmarks the task definition Inspect AI reads ({@code inspect} is null
 * when the task gives none). Immutable.
 */
public record BenchmarkTask(String id, String config, String split, InspectTask inspect) {

  public static final String DEFAULT_CONFIG = "default";
  public static final String DEFAULT_SPLIT = "test";
}
