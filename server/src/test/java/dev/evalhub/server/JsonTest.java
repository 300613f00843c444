package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Row(String name, Integer rank) {}

  private static String json(Object value) {
    return new String(Json.bytes(value), StandardCharsets.UTF_8);
  }

  @Test
  void nullPropertiesAndMapValuesAreLeftOut() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", null);
    map.put("b", 1);

    assertThat(json(map)).isEqualTo("{\"b\":1}");
    assertThat(json(new Row("x", null))).isEqualTo("{\"name\":\"x\"}");
  }

  @Test
  void anExplicitNullIsWritten() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("email", Json.NULL);
    map.put("old", Json.orNull(Optional.empty()));
    map.put("new", Json.orNull(Optional.of(0.5)));

    assertThat(json(map)).isEqualTo("{\"email\":null,\"old\":null,\"new\":0.5}");
  }

  @Test
  void aTreeOfPlainValuesKeepsItsNulls() {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("type", "ter");
    metric.put("value", null);
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("metrics", List.of(metric));
    card.put("list", Arrays.asList(1L, null));
    card.put("none", null);

    assertThat(json(Json.tree(card)))
        .isEqualTo(
            "{\"metrics\":[{\"type\":\"ter\",\"value\":null}],\"list\":[1,null],\"none\":null}");
  }
}
