package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServletContextKt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RawQuery} answers as Javalin's {@code queryParam} does: against Javalin's own parser over
 * generated queries, and over real HTTP (loopback, a bare Javalin) with percent escapes, malformed
 * ones, {@code +}, repeated and empty keys, raw UTF-8 and a request charset.
 */
class RawQueryTest {

  private static final String[] KEYS = {"limit", "task_id", "base_model", "a", ""};

  private static final String[] PIECES = {
    "limit", "task_id", "base_model", "a", "=", "=", "&", "&", "100", "true", "x", "lim", "it",
    "%20", "%2B", "%3D", "%26", "%6C%69mit", "%zz", "%", "%C3%A9", "+", "é", "-", "_", "."
  };

  @Test
  void readsTheFirstValueAsJavalinsParserDoes() {
    Random random = new Random(7L);
    for (int i = 0; i < 100_000; i++) {
      String query = generated(random).replace("%", "").replace("+", "");
      Map<String, List<String>> javalin =
          JavalinServletContextKt.splitKeyValueStringAndGroupByKey(query, "UTF-8");
      for (String key : KEYS) {
        List<String> values = javalin.get(key);
        assertThat(RawQuery.first(query, key))
            .as("%s in %s", key, query)
            .isEqualTo(values == null || values.isEmpty() ? null : values.get(0));
      }
    }
  }

  @Test
  void answersAsContextQueryParamOverHttp() throws IOException {
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              // One route per reader, so that each request sees one of them only, in the order the
              // leaderboard reads its parameters.
              config.routes.get(
                  "/raw",
                  ctx -> {
                    StringBuilder answer = new StringBuilder();
                    RawQuery query = RawQuery.of(ctx);
                    for (String key : KEYS) {
                      answer.append(outcome(() -> query.first(key))).append('\n');
                    }
                    ctx.result(answer.toString());
                  });
              config.routes.get(
                  "/javalin",
                  ctx -> {
                    StringBuilder answer = new StringBuilder();
                    for (String key : KEYS) {
                      answer.append(outcome(() -> ctx.queryParam(key))).append('\n');
                    }
                    ctx.result(answer.toString());
                  });
            });
    app.start("127.0.0.1", 0);
    try {
      int port = app.port();
      Random random = new Random(11L);
      String[] contentTypes = {
        null, null, null, "text/plain; charset=ISO-8859-1", "text/plain; charset=bogus"
      };
      int checked = 0;
      for (int i = 0; i < 2_000; i++) {
        String query = generated(random);
        String contentType = contentTypes[random.nextInt(contentTypes.length)];
        String javalin = get(port, "/javalin?" + query, contentType);
        if (javalin.startsWith("HTTP/1.1 200")) {
          checked++;
          assertThat(body(get(port, "/raw?" + query, contentType)))
              .as("%s with %s", query, contentType)
              .isEqualTo(body(javalin));
        }
      }
      for (String query : new String[] {"", "limit", "limit=", "&&", "limit=1&limit=2", "=&a"}) {
        assertThat(body(get(port, "/raw?" + query, null)))
            .as(query)
            .isEqualTo(body(get(port, "/javalin?" + query, null)));
      }
      assertThat(body(get(port, "/raw?limit=1&limit=2", null))).startsWith("value 1\n");
      assertThat(body(get(port, "/raw?limit=%31+", null))).startsWith("value 1 \n");
      assertThat(body(get(port, "/raw", null))).isEqualTo("value null\n".repeat(KEYS.length));
      assertThat(checked).isGreaterThan(1_500);
    } finally {
      app.stop();
    }
  }

  private interface Read {
    String read() throws Exception;
  }

  private static String outcome(Read read) {
    try {
      return "value " + read.read();
    } catch (Exception e) {
      return "error " + e.getClass().getName();
    }
  }

  private static String generated(Random random) {
    StringBuilder query = new StringBuilder();
    for (int n = random.nextInt(9); n > 0; n--) {
      query.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return query.toString();
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  private static String get(int port, String target, String contentType) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "GET "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
