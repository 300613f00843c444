package dev.evalhub.importers.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of a details file as they are read: per item and metric the sum and count of its
 * values (several epochs or train trials are reduced to their mean at {@link #build}), the item's
 * epoch count and cluster. Arrays grow by doubling; memory is proportional to items × metrics. Not
 * thread-safe.
 */
final class ItemTable {

  private final Map<String, Integer> itemIndex = new HashMap<>();
  private final Map<String, Integer> metricIndex = new HashMap<>();
  private final List<String> metrics = new ArrayList<>();
  private final List<double[]> sums = new ArrayList<>();
  private final List<int[]> counts = new ArrayList<>();
  private String[] ids = new String[64];
  private String[] clusters = new String[64];
  private int[] epochs = new int[64];
  private int size;

  /** The row of item {@code id}, added when new. */
  int item(String id) {
    Integer at = itemIndex.get(id);
    if (at != null) {
      return at;
    }
    if (size == ids.length) {
      int capacity = ids.length * 2;
      ids = Arrays.copyOf(ids, capacity);
      clusters = Arrays.copyOf(clusters, capacity);
      epochs = Arrays.copyOf(epochs, capacity);
      for (int m = 0; m < sums.size(); m++) {
        sums.set(m, Arrays.copyOf(sums.get(m), capacity));
        counts.set(m, Arrays.copyOf(counts.get(m), capacity));
      }
    }
    ids[size] = id;
    itemIndex.put(id, size);
    return size++;
  }

  /** The column of metric {@code name}, added (last) when new. */
  int metric(String name) {
    Integer at = metricIndex.get(name);
    if (at != null) {
      return at;
    }
    metrics.add(name);
    sums.add(new double[ids.length]);
    counts.add(new int[ids.length]);
    metricIndex.put(name, metrics.size() - 1);
    return metrics.size() - 1;
  }

  /** Whether item {@code item} already has a value for {@code metric}. */
  boolean has(int item, int metric) {
    return counts.get(metric)[item] > 0;
  }

  /** Adds one value (one epoch's, one trial's) of {@code metric} for {@code item}. */
  void add(int item, int metric, double value) {
    sums.get(metric)[item] += value;
    counts.get(metric)[item]++;
  }

  /** Counts one more epoch (or train trial) of {@code item}. */
  void epoch(int item) {
    epochs[item]++;
  }

  /** Records that {@code item} was seen in a format without epochs (one epoch). */
  void epochsAtLeastOne(int item) {
    epochs[item] = Math.max(epochs[item], 1);
  }

  /** Sets the cluster key of {@code item} unless it has one. */
  void cluster(int item, String key) {
    if (clusters[item] == null) {
      clusters[item] = key;
    }
  }

  int size() {
    return size;
  }

  /** The scores, items sorted by id; fails when the file held no item. */
  SampleScores build(String format) throws BadDetails {
    if (size == 0) {
      throw new BadDetails("the file holds no sample");
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> ids[i]));
    String[] sortedIds = new String[size];
    String[] sortedClusters = new String[size];
    double[][] scores = new double[metrics.size()][size];
    int maxEpochs = 1;
    for (int r = 0; r < size; r++) {
      int i = order[r];
      sortedIds[r] = ids[i];
      sortedClusters[r] = clusters[i];
      maxEpochs = Math.max(maxEpochs, epochs[i]);
      for (int m = 0; m < metrics.size(); m++) {
        int n = counts.get(m)[i];
        scores[m][r] = n == 0 ? Double.NaN : sums.get(m)[i] / n;
      }
    }
    return new SampleScores(format, metrics, sortedIds, sortedClusters, scores, maxEpochs);
  }
}
