package dev.evalhub.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalhub.index.internal.Migrations;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The constant a start compares the schema history with is the newest migration file. */
class MigrationsTest {

  @Test
  void latestIsTheNewestMigrationFile() throws IOException, URISyntaxException {
    Path dir = Path.of(Index.class.getResource("/db/migration").toURI());
    List<List<Integer>> versions;
    try (Stream<Path> files = Files.list(dir)) {
      versions =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V[0-9_]+__.*\\.sql"))
              .map(n -> n.substring(1, n.indexOf("__")))
              .map(v -> Arrays.stream(v.split("_")).map(Integer::valueOf).toList())
              .sorted(MigrationsTest::compare)
              .toList();
    }
    List<Integer> newest = versions.get(versions.size() - 1);
    assertEquals(
        String.join(".", newest.stream().map(String::valueOf).toList()),
        Migrations.LATEST,
        "Migrations.LATEST must name the newest file in db/migration");
    assertEquals(
        versions.size(), Migrations.COUNT, "Migrations.COUNT must count the files in db/migration");
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Comparator.<Integer>naturalOrder().compare(a.size(), b.size());
  }
}
