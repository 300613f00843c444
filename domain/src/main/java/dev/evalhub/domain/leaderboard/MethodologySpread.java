package dev.evalhub.domain.leaderboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every result of one model on one task, side by side across methodology groups (hub-api.md,
 * Leaderboards rule 3): the view that shows 0.637, 0.636 and 0.488 for one model as three
 * measurements, not one. {@code common} holds the methodology keys every measurement states with
 * the same value (listed once); {@code differing} the keys whose values are not all equal, a key
 * absent from some measurements counting as a difference. {@code datasetId} is the benchmark as the
 * model's first result spells it. Immutable.
 */
public record MethodologySpread(
    String datasetId,
    String taskId,
    Map<String, Object> common,
    List<String> differing,
    List<Measurement> measurements) {

  public MethodologySpread {
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(taskId, "taskId");
    common = Collections.unmodifiableMap(new LinkedHashMap<>(common));
    differing = List.copyOf(differing);
    measurements = List.copyOf(measurements);
  }

  /** Where a measurement stands: a verified result, one on {@code main}, or an open PR's. */
  public enum Provenance {
    VERIFIED("verified"),
    MAIN("main"),
    PULL_REQUEST("pull-request");

    private final String id;

    Provenance(String id) {
      this.id = id;
    }

    /** Its name on the wire and in the pages. */
    public String id() {
      return id;
    }
  }

  /**
   * One result: its value, standard error and number of items scored when the entry states them,
   * its date as written (empty: the commit's time), where it lives, its verification, its
   * methodology group (the leaderboard's key, as the index stores it) and its whole methodology
   * block (empty when it states none).
   */
  public record Measurement(
      double value,
      Optional<Double> stderr,
      Optional<Long> numSamples,
      Optional<String> date,
      ResultLocation location,
      Verdict verdict,
      MethodologyGroup group,
      Map<String, Object> methodology) {

    public Measurement {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(group, "group");
      methodology = Collections.unmodifiableMap(new LinkedHashMap<>(methodology));
    }

    public Provenance provenance() {
      if (verdict.verified()) {
        return Provenance.VERIFIED;
      }
      return location.onMain() ? Provenance.MAIN : Provenance.PULL_REQUEST;
    }
  }

  /**
   * The spread of {@code measurements} (at least one): the keys of their methodology blocks split
   * into common and differing, in the order they first appear.
   */
  public static MethodologySpread of(
      String datasetId, String taskId, List<Measurement> measurements) {
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException("a spread needs at least one measurement");
    }
    Set<String> keys = new LinkedHashSet<>();
    measurements.forEach(m -> keys.addAll(m.methodology().keySet()));
    Map<String, Object> common = new LinkedHashMap<>();
    List<String> differing = new ArrayList<>();
    for (String key : keys) {
      Map<String, Object> first = measurements.get(0).methodology();
      boolean same =
          measurements.stream()
              .allMatch(
                  m ->
                      m.methodology().containsKey(key)
                          && Objects.equals(m.methodology().get(key), first.get(key)));
      if (same) {
        common.put(key, first.get(key));
      } else {
        differing.add(key);
      }
    }
    return new MethodologySpread(datasetId, taskId, common, differing, measurements);
  }

  /** How many methodology groups the measurements fall in. */
  public int groupCount() {
    return (int) measurements.stream().map(Measurement::group).distinct().count();
  }
}
