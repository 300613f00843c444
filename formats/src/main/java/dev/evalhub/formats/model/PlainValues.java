package dev.evalhub.formats.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-keeping, unmodifiable copies of JSON-like trees (maps, lists, strings, numbers,
 * booleans, null), for record components that hold free-form YAML. {@code Map.copyOf} would lose
 * key order and refuse nulls.
 */
final class PlainValues {

  private PlainValues() {}

  static Map<String, Object> copyOf(Map<String, Object> map) {
    return map == null ? Map.of() : copyMap(map);
  }

  private static Map<String, Object> copyMap(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return copyMap(map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(copyValue(item)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
