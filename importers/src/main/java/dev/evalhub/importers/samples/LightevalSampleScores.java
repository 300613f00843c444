package dev.evalhub.importers.samples;

import dev.evalhub.importers.LockedDuckDb;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;

/**
 * lighteval {@code details_<task>_<date>.parquet}, read with DuckDB through {@link LockedDuckDb}
 * (one thread, 256 MB, only this file reachable; rows streamed from a result set): one item per
 * row, its id {@code doc.id} when every row has one and they are unique, else the row's 0-based
 * index; the metrics are the fields of the {@code metric} struct that hold numbers or booleans, in
 * the struct's order (a list-valued field, a corpus metric's per-sample input, is left out).
 */
final class LightevalSampleScores {

  static final String FORMAT = "lighteval-parquet";
  private static final String MEMORY_LIMIT = "256MB";

  private LightevalSampleScores() {}

  static SampleScores read(LogSource file) throws BadDetails {
    if (!hasMagic(file)) {
      throw new BadDetails("not a parquet file: it does not start and end with PAR1");
    }
    Path temp = null;
    try {
      Path path;
      if (file.path().isPresent()) {
        path = file.path().get().toRealPath();
      } else {
        temp = Files.createTempFile("evalhub-samples-", ".parquet");
        try (InputStream in = file.open()) {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        path = temp.toRealPath();
      }
      return query(path);
    } catch (IOException e) {
      throw new BadDetails("cannot read the file: " + e.getMessage());
    } catch (LinkageError e) {
      throw new BadDetails("DuckDB cannot run on this machine: " + e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a temporary file left behind is not the read's failure
        }
      }
    }
  }

  private static SampleScores query(Path path) throws BadDetails {
    String table = "read_parquet(" + LockedDuckDb.literal(path) + ")";
    try (Connection db = LockedDuckDb.open(path, MEMORY_LIMIT);
        Statement statement = db.createStatement()) {
      boolean uniqueIds;
      try (ResultSet check =
          statement.executeQuery(
              "SELECT count(*) > 0 AND count(doc.id) = count(*) AND count(DISTINCT doc.id) ="
                  + " count(*) FROM "
                  + table)) {
        uniqueIds = check.next() && check.getBoolean(1);
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).startsWith("Binder Error")) {
          throw e;
        }
        uniqueIds = false;
      }
      String id =
          uniqueIds ? "CAST(doc.id AS VARCHAR)" : "CAST(row_number() OVER () - 1 AS VARCHAR)";
      ItemTable scores = new ItemTable();
      try (ResultSet rows = statement.executeQuery("SELECT " + id + ", metric.* FROM " + table)) {
        ResultSetMetaData meta = rows.getMetaData();
        int[] columns = new int[meta.getColumnCount() + 1];
        Arrays.fill(columns, -1);
        for (int c = 2; c <= meta.getColumnCount(); c++) {
          if (isScalar(meta.getColumnType(c))) {
            columns[c] = scores.metric(meta.getColumnLabel(c));
          }
        }
        long row = 0;
        while (rows.next()) {
          String itemId = rows.getString(1);
          int item = scores.item(itemId);
          scores.epochsAtLeastOne(item);
          for (int c = 2; c < columns.length; c++) {
            if (columns[c] < 0) {
              continue;
            }
            Object value = rows.getObject(c);
            double v;
            if (value == null) {
              continue;
            } else if (value instanceof Boolean b) {
              v = b ? 1 : 0;
            } else if (value instanceof Number n) {
              v = n.doubleValue();
            } else {
              continue;
            }
            if (!Double.isFinite(v)) {
              throw new BadDetails(
                  "row "
                      + row
                      + " (id "
                      + itemId
                      + "): metric "
                      + meta.getColumnLabel(c)
                      + " is "
                      + v
                      + ", not a finite number");
            }
            scores.add(item, columns[c], v);
          }
          row++;
        }
      }
      return scores.build(FORMAT);
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      throw new BadDetails(
          "not a readable lighteval details parquet: "
              + message.lines().findFirst().orElse(message).strip());
    }
  }

  private static boolean isScalar(int type) {
    return switch (type) {
      case Types.BOOLEAN,
          Types.BIT,
          Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.FLOAT,
          Types.REAL,
          Types.DOUBLE,
          Types.DECIMAL,
          Types.NUMERIC ->
          true;
      default -> false;
    };
  }

  private static boolean hasMagic(LogSource file) {
    if (file.size() < 12) {
      return false;
    }
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    try (SeekableByteChannel channel = file.channel()) {
      ByteBuffer head = ByteBuffer.allocate(4);
      ByteBuffer tail = ByteBuffer.allocate(4);
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // fill
      }
      channel.position(file.size() - 4);
      while (tail.hasRemaining() && channel.read(tail) >= 0) {
        // fill
      }
      return Arrays.equals(head.array(), magic) && Arrays.equals(tail.array(), magic);
    } catch (IOException e) {
      return false;
    }
  }
}
