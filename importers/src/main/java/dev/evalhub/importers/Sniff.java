package dev.evalhub.importers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a reader may look at to tell whether a file is its own: the file's name and its first bytes
 * (at most {@link #PREFIX_BYTES}), and from them the keys of the top-level JSON object (or of the
 * first line's object, for JSON Lines) as far as the prefix reaches. Sniffing never reads a whole
 * file.
 */
public final class Sniff {

  /** How many leading bytes a sniff holds. */
  public static final int PREFIX_BYTES = 1 << 20;

  private static final JsonFactory JSON = new JsonFactory();

  private final LogSource source;
  private final byte[] prefix;
  private List<String> topLevelKeys;
  private List<String> firstLineKeys;

  private Sniff(LogSource source, byte[] prefix) {
    this.source = source;
    this.prefix = prefix;
  }

  /** Reads the first bytes of {@code source}. */
  public static Sniff of(LogSource source) throws IOException {
    try (InputStream in = source.open()) {
      return new Sniff(source, in.readNBytes(PREFIX_BYTES));
    }
  }

  public LogSource source() {
    return source;
  }

  public String name() {
    return source.name();
  }

  public String baseName() {
    return source.baseName();
  }

  /** The first bytes (a copy). */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** Whether the file starts with the zip local-file signature {@code PK\3\4}. */
  public boolean isZip() {
    return startsWith(new byte[] {'P', 'K', 3, 4});
  }

  /** Whether the file starts with the parquet magic {@code PAR1}. */
  public boolean isParquet() {
    return startsWith("PAR1".getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether the first non-blank byte opens a JSON object. */
  public boolean looksLikeJsonObject() {
    for (byte b : prefix) {
      if (b == '{') {
        return true;
      }
      if (b != ' '
          && b != '\n'
          && b != '\r'
          && b != '\t'
          && b != (byte) 0xEF
          && b != (byte) 0xBB
          && b != (byte) 0xBF) {
        return false;
      }
    }
    return false;
  }

  /**
   * The keys of the top-level object, in file order, as far as the prefix reaches (values are
   * skipped; a prefix that ends inside the object gives the keys seen so far). Empty when the file
   * is not a JSON object.
   */
  public List<String> topLevelKeys() {
    if (topLevelKeys == null) {
      topLevelKeys = keys(prefix, prefix.length);
    }
    return topLevelKeys;
  }

  /** The keys of the object on the first line (for JSON Lines files). */
  public List<String> firstLineKeys() {
    if (firstLineKeys == null) {
      int end = 0;
      while (end < prefix.length && prefix[end] != '\n') {
        end++;
      }
      firstLineKeys = keys(prefix, end);
    }
    return firstLineKeys;
  }

  /** Whether every one of {@code keys} is among {@link #topLevelKeys()}. */
  public boolean hasTopLevelKeys(String... keys) {
    return topLevelKeys().containsAll(Arrays.asList(keys));
  }

  private boolean startsWith(byte[] magic) {
    return prefix.length >= magic.length
        && Arrays.equals(prefix, 0, magic.length, magic, 0, magic.length);
  }

  private static List<String> keys(byte[] bytes, int length) {
    List<String> keys = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(bytes, 0, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of();
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        keys.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException | RuntimeException truncatedOrNotJson) {
      // the keys seen before the prefix ended (or the text stopped being JSON) are the answer
    }
    return List.copyOf(keys);
  }
}
