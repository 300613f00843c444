package dev.evalhub.formats.yaml;

/**
 * The bounds every YAML document is read within, so that a hostile file costs little: its size in
 * bytes and the depth of nested collections. Immutable.
 */
public record YamlLimits(int maxBytes, int maxDepth) {

  /** 1 MiB and 32 levels, as the spec says. */
  public static final YamlLimits DEFAULT = new YamlLimits(1 << 20, 32);

  public YamlLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive, got " + maxDepth);
    }
  }
}
