package dev.evalhub.importers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.testing.Mutations;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random edits of the real sample logs of every framework (bytes deleted, inserted or replaced,
 * lines duplicated, files truncated, numbers turned into NaN, "N/A" or strings) must always end as
 * results or as positioned diagnostics: never as an exception, and never as a reader that failed
 * (which the importer reports as "reader failed"). The seed is fixed so that a failure can be
 * replayed; the failing file and round are in the message.
 */
@Tag("hostile")
class LogMutationFuzzTest {

  private static final int ROUNDS = 8_000;
  private static final long MAX_SEED_BYTES = 2 << 20;
  private static final byte[] PUNCTUATION =
      "{}[]:,\"\\ \n0.eE+-PK".getBytes(StandardCharsets.UTF_8);
  private static final String[] VALUES = {"NaN", "\"N/A\"", "\"0.5\"", "null", "-Infinity", "[]"};

  private record Seed(String name, byte[] bytes) {}

  @Test
  void noMutationOfARealSampleLogEscapesOrBreaksAReader() throws IOException {
    List<Seed> seeds = seeds();
    assertThat(seeds).hasSizeGreaterThan(10);
    Random random = new Random(20261130L);
    LogImporter importer = LogImporter.standard();
    int withResults = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Seed seed = seeds.get(random.nextInt(seeds.size()));
      byte[] input = mutate(seed.bytes(), random);
      ReadLogs read;
      try {
        read = importer.read(List.of(LogSource.of(seed.name(), input)));
      } catch (RuntimeException e) {
        throw new AssertionError("round " + round + ", mutated " + seed.name(), e);
      }
      final int at = round;
      assertThat(read.diagnostics())
          .as("round %d, mutated %s", at, seed.name())
          .noneSatisfy(d -> assertThat(d.message()).contains("reader failed"));
      assertThat(read.diagnostics())
          .as("round %d: every diagnostic names the file it is about", at)
          .allSatisfy(d -> assertThat(d.file()).isEqualTo(seed.name()));
      withResults += read.results().isEmpty() ? 0 : 1;
    }
    assertThat(withResults)
        .as("some mutations still import, so the fuzzer is not only producing garbage")
        .isPositive();
  }

  /** Every sample log file of every framework, named as the importer would see it. */
  private static List<Seed> seeds() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    for (String framework :
        List.of("lm-eval", "inspect-ai", "lighteval", "helm", "every-eval-ever")) {
      Path folder = Samples.root().resolve(framework);
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = folder.relativize(file).toString().replace('\\', '/');
          if (Files.size(file) <= MAX_SEED_BYTES
              && !name.endsWith(".yaml")
              && !name.endsWith(".schema.json")) {
            seeds.add(new Seed(name, Files.readAllBytes(file)));
          }
        }
      }
    }
    return seeds;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] bytes = seed;
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      bytes =
          switch (random.nextInt(7)) {
            case 0 -> Mutations.delete(bytes, random);
            case 1 ->
                Mutations.insert(bytes, random, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
            case 2 -> Mutations.insert(bytes, random, (byte) random.nextInt(256));
            case 3 -> Mutations.duplicateLine(bytes, random);
            case 4 -> replaceNumber(bytes, random);
            case 5 -> Mutations.flip(bytes, random);
            default -> Mutations.truncate(bytes, random);
          };
    }
    return bytes;
  }

  /** Replaces a JSON number (a digit run after ": ") by NaN, "N/A", a string, null... */
  private static byte[] replaceNumber(byte[] bytes, Random random) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int from = random.nextInt(text.length());
    int colon = text.indexOf(": ", from);
    if (colon < 0
        || colon + 2 >= text.length()
        || !(Character.isDigit(text.charAt(colon + 2)) || text.charAt(colon + 2) == '-')) {
      return bytes;
    }
    int end = colon + 3;
    while (end < text.length() && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
      end++;
    }
    String value = VALUES[random.nextInt(VALUES.length)];
    return (text.substring(0, colon + 2) + value + text.substring(end))
        .getBytes(StandardCharsets.ISO_8859_1);
  }
}
