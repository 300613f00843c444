package dev.evalhub.formats.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ResultEntry} as a plain JSON-like tree and back, in the key names and order of a results
 * file (the Hub's {@code evalResults[].data}): what the index stores of an entry and what the API
 * shows. Unknown keys ({@code extraKeys}) are left out; absent fields are absent keys, never nulls.
 * {@code fromTree(toTree(e))} equals {@code e} but for its unknown keys. Stateless.
 */
public final class ResultEntries {

  private ResultEntries() {}

  /** The entry as an ordered tree of maps, strings, numbers and booleans. */
  public static Map<String, Object> toTree(ResultEntry entry) {
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("id", entry.dataset().id());
    dataset.put("task_id", entry.dataset().taskId());
    putIfPresent(dataset, "revision", entry.dataset().revision());
    data.put("dataset", dataset);
    data.put("value", entry.value());
    putIfPresent(data, "verifyToken", entry.verifyToken());
    putIfPresent(data, "date", entry.date());
    if (entry.source() != null) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("url", entry.source().url());
      putIfPresent(source, "name", entry.source().name());
      putIfPresent(source, "user", entry.source().user());
      putIfPresent(source, "org", entry.source().org());
      data.put("source", source);
    }
    putIfPresent(data, "notes", entry.notes());
    putIfPresent(data, "stderr", entry.stderr());
    putIfPresent(data, "num_samples", entry.numSamples());
    if (entry.methodology() != null) {
      data.put("methodology", entry.methodology().fields());
    }
    if (entry.details() != null) {
      Map<String, Object> details = new LinkedHashMap<>();
      putIfPresent(details, "url", entry.details().url());
      putIfPresent(details, "path", entry.details().path());
      putIfPresent(details, "sha256", entry.details().sha256());
      putIfPresent(details, "format", entry.details().format());
      data.put("details", details);
    }
    return data;
  }

  /**
   * The entry of a tree {@link #toTree} made (read back from JSON, say); a tree of another shape is
   * an {@link IllegalArgumentException}.
   */
  public static ResultEntry fromTree(Map<?, ?> tree) {
    try {
      Map<?, ?> dataset = (Map<?, ?>) tree.get("dataset");
      Map<?, ?> source = (Map<?, ?>) tree.get("source");
      Map<?, ?> details = (Map<?, ?>) tree.get("details");
      @SuppressWarnings("unchecked")
      Map<String, Object> methodology = (Map<String, Object>) tree.get("methodology");
      Number stderr = (Number) tree.get("stderr");
      Number numSamples = (Number) tree.get("num_samples");
      return new ResultEntry(
          new ResultEntry.DatasetRef(
              (String) dataset.get("id"),
              (String) dataset.get("task_id"),
              (String) dataset.get("revision")),
          ((Number) tree.get("value")).doubleValue(),
          (String) tree.get("verifyToken"),
          (String) tree.get("date"),
          source == null
              ? null
              : new ResultEntry.Source(
                  (String) source.get("url"),
                  (String) source.get("name"),
                  (String) source.get("user"),
                  (String) source.get("org")),
          (String) tree.get("notes"),
          stderr == null ? null : stderr.doubleValue(),
          numSamples == null ? null : numSamples.longValue(),
          methodology == null ? null : new Methodology(methodology),
          details == null
              ? null
              : new ResultEntry.Details(
                  (String) details.get("url"),
                  (String) details.get("path"),
                  (String) details.get("sha256"),
                  (String) details.get("format")),
          Map.of());
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not the tree of a result entry: " + tree, e);
    }
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
