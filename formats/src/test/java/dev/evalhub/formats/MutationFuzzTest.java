package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.testing.Mutations;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random edits of the real samples (bytes and lines deleted, inserted, duplicated or swapped, YAML
 * punctuation sprinkled in) must always end as "valid" or as positioned diagnostics: never as an
 * unexpected exception. The seed is fixed so that a failure can be replayed; the failing input is
 * printed in the message.
 */
@Tag("hostile")
class MutationFuzzTest {

  private static final int ROUNDS = 30_000;
  private static final byte[] PUNCTUATION = "-:[]{}&*!|>'\"#%@`,? \n\t\\0.eE+x".getBytes();

  @Test
  void noMutationOfARealSampleEscapesAsAnException() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(Samples.hf())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        seeds.add(Files.readAllBytes(file));
      }
    }
    Random random = new Random(20261127L);
    EvalFormats formats = EvalFormats.standard();
    int valid = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      for (FileKind kind : FileKind.values()) {
        Validated<?> read;
        try {
          read = formats.read(kind, input);
        } catch (RuntimeException e) {
          throw new AssertionError(
              "round " + round + ", " + kind + ", input:\n" + new String(input), e);
        }
        valid += read.isValid() ? 1 : 0;
        assertThat(read.isValid() || !read.errors().isEmpty()).isTrue();
        assertThat(read.diagnostics()).allSatisfy(d -> assertThat(d.line()).isPositive());
      }
    }
    assertThat(valid)
        .as("some mutations stay valid, so the fuzzer is not only producing garbage")
        .isPositive();
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] bytes = seed;
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      bytes =
          switch (random.nextInt(6)) {
            case 0 -> Mutations.delete(bytes, random);
            case 1 ->
                Mutations.insert(bytes, random, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
            case 2 -> Mutations.insert(bytes, random, (byte) random.nextInt(256));
            case 3 -> Mutations.duplicateLine(bytes, random);
            case 4 -> Mutations.replace(bytes, random, PUNCTUATION);
            default -> Mutations.truncate(bytes, random);
          };
    }
    return bytes;
  }
}
