package dev.evalhub.index.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The per-item scores of a result as the index stores them: version 1, the scale into the task's
 * units, the count, then each item's id (modified UTF-8) and score (IEEE 754 double, in the file's
 * own units), in item-id order, the whole deflated (RFC 1950 zlib, JDK {@link Deflater} at its best
 * compression). Stateless.
 */
public final class SampleCodec {

  private static final int VERSION = 1;

  /**
   * Item ids in ascending {@link String#compareTo} order with their scores in the file's units, and
   * the factor into the task's units (1, or 100 for a percentage task). Immutable.
   */
  public record Scores(String[] ids, double[] scores, double scale) {
    public Scores {
      if (ids.length != scores.length) {
        throw new IllegalArgumentException("one score per item");
      }
    }

    public int size() {
      return ids.length;
    }
  }

  private SampleCodec() {}

  public static byte[] encode(Scores scores) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
      out.writeInt(VERSION);
      out.writeDouble(scores.scale());
      out.writeInt(scores.size());
      for (int i = 0; i < scores.size(); i++) {
        out.writeUTF(scores.ids()[i]);
        out.writeDouble(scores.scores()[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  public static Scores decode(byte[] encoded) {
    try (DataInputStream in =
        new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(encoded)))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalStateException("unknown sample encoding version " + version);
      }
      double scale = in.readDouble();
      int n = in.readInt();
      String[] ids = new String[n];
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        ids[i] = in.readUTF();
        scores[i] = in.readDouble();
      }
      return new Scores(ids, scores, scale);
    } catch (IOException e) {
      throw new IllegalStateException("the index stores only scores it encoded", e);
    }
  }
}
