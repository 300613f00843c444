package dev.evalhub.formats.internal;

import dev.evalhub.formats.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping as values that JSON can carry (the Hub's {@code cardData}): maps in file order,
 * lists, strings, {@code Long}, {@code BigInteger} or finite {@code Double} numbers, booleans and
 * null. A number that is not finite ({@code .nan}, {@code .inf}) becomes null, as {@code
 * JSON.stringify} writes it. Stateless.
 */
public final class PlainJson {

  private PlainJson() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(YamlNode.Mapping mapping) {
    return (Map<String, Object>) finite(Fields.plain(mapping));
  }

  private static Object finite(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(String.valueOf(key), finite(item)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(finite(item)));
      return copy;
    }
    return value instanceof Double d && !Double.isFinite(d) ? null : value;
  }
}
