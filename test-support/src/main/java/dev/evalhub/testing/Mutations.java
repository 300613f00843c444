package dev.evalhub.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level edits for the mutation fuzz tests of the YAML formats and of the evaluation logs: each
 * takes a non-empty input and a seeded {@link Random}, and returns a new array (the input is not
 * changed), so that a failing round can be replayed from its seed.
 */
public final class Mutations {

  private Mutations() {}

  /** Deletes a run of 1 to 8 bytes. */
  public static byte[] delete(byte[] bytes, Random random) {
    int at = random.nextInt(bytes.length);
    int length = Math.min(1 + random.nextInt(8), bytes.length - at);
    byte[] out = new byte[bytes.length - length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
    return out;
  }

  /** Inserts {@code b} at a random place (the end included). */
  public static byte[] insert(byte[] bytes, Random random, byte b) {
    int at = random.nextInt(bytes.length + 1);
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, at);
    out[at] = b;
    System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
    return out;
  }

  /** Replaces one byte by one of {@code alphabet}. */
  public static byte[] replace(byte[] bytes, Random random, byte[] alphabet) {
    byte[] out = bytes.clone();
    out[random.nextInt(out.length)] = alphabet[random.nextInt(alphabet.length)];
    return out;
  }

  /** Flips one bit. */
  public static byte[] flip(byte[] bytes, Random random) {
    byte[] out = bytes.clone();
    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  /** Keeps a random prefix (possibly empty). */
  public static byte[] truncate(byte[] bytes, Random random) {
    return Arrays.copyOf(bytes, random.nextInt(bytes.length));
  }

  /** Copies one line to a random place. */
  public static byte[] duplicateLine(byte[] bytes, Random random) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n", -1);
    int line = random.nextInt(lines.length);
    List<String> out = new ArrayList<>(List.of(lines));
    out.add(random.nextInt(out.size() + 1), lines[line]);
    return String.join("\n", out).getBytes(StandardCharsets.ISO_8859_1);
  }
}
