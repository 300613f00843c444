package dev.evalhub.importers.lighteval;

import dev.evalhub.importers.ImportContext;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a lighteval details parquet says about its run, read with DuckDB in a locked-down, in-memory
 * database: one thread, a memory limit, no extension installed or loaded, and no file but this one
 * readable ({@code allowed_paths} with {@code enable_external_access=false}, then the configuration
 * locked). An upload held in memory is written to a temporary file first and deleted after.
 */
final class DetailsParquet {

  /** DuckDB's memory ceiling for reading one details file. */
  static final String MEMORY_LIMIT = "256MB";

  /**
   * The facts read: the row count; whether every {@code doc.choices} is a single capital letter
   * (null when the file has no choices or they could not be read); the distinct {@code
   * doc.sampling_methods}; whether {@code model_response.input} holds chat messages (null when
   * unknown). {@link #UNKNOWN} when DuckDB could not run and only the magic bytes were checked.
   */
  record Facts(Long rows, Boolean letterChoices, List<String> samplingMethods, Boolean chatInput) {

    static final Facts UNKNOWN = new Facts(null, null, List.of(), null);
  }

  private DetailsParquet() {}

  /**
   * Reads {@code file}, or reports why not (an error for a file that is not a readable parquet, a
   * warning when DuckDB cannot run on this machine) and returns what is known.
   */
  static Optional<Facts> read(LogSource file, ImportContext context) {
    if (!hasMagic(file)) {
      context.error(file, "not a parquet file: it does not start and end with PAR1");
      return Optional.empty();
    }
    Path temp = null;
    try {
      Path path;
      if (file.path().isPresent()) {
        path = file.path().get().toRealPath();
      } else {
        temp = Files.createTempFile("evalhub-lighteval-", ".parquet");
        try (InputStream in = file.open()) {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        path = temp.toRealPath();
      }
      return query(file, path, context);
    } catch (IOException e) {
      context.error(file, "cannot read the file: " + e.getMessage());
      return Optional.empty();
    } catch (LinkageError e) {
      context.warning(
          file,
          "DuckDB cannot run on this machine ("
              + e
              + "); the details file is hashed and its PAR1 magic checked, its rows are not read");
      return Optional.of(Facts.UNKNOWN);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a temporary file left behind in the temp folder is not the import's failure
        }
      }
    }
  }

  private static Optional<Facts> query(LogSource file, Path path, ImportContext context) {
    String table = "read_parquet(" + LockedDuckDb.literal(path) + ")";
    try (Connection db = LockedDuckDb.open(path, MEMORY_LIMIT)) {
      Long rows;
      try {
        rows =
            single(db, "SELECT count(*) FROM " + table) instanceof Number n ? n.longValue() : null;
      } catch (SQLException e) {
        context.error(file, "not a readable parquet file: " + firstLine(e));
        return Optional.empty();
      }
      try {
        Boolean letters =
            optional(
                        db,
                        "SELECT bool_and(regexp_full_match(trim(c), '[A-Z]')) FROM (SELECT"
                            + " unnest(doc.choices) AS c FROM "
                            + table
                            + ")")
                    instanceof Boolean b
                ? b
                : null;
        List<String> methods = new ArrayList<>();
        for (Object method :
            column(
                db,
                "SELECT DISTINCT m FROM (SELECT unnest(doc.sampling_methods) AS m FROM "
                    + table
                    + ") WHERE m IS NOT NULL ORDER BY m")) {
          methods.add(String.valueOf(method));
        }
        Boolean chat =
            optional(db, "SELECT typeof(model_response.input) FROM " + table + " LIMIT 1")
                    instanceof String type
                ? type.startsWith("STRUCT") && type.endsWith("[]")
                : null;
        return Optional.of(new Facts(rows, letters, List.copyOf(methods), chat));
      } catch (SQLException e) {
        context.error(file, "not a readable parquet file: " + firstLine(e));
        return Optional.empty();
      }
    } catch (SQLException e) {
      context.error(file, "DuckDB cannot open the file: " + firstLine(e));
      return Optional.empty();
    }
  }

  private static Object single(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getObject(1) : null;
    }
  }

  /**
   * The query's single value, or null when the file lacks the columns it names (an older details
   * layout); a file that cannot be read throws.
   */
  private static Object optional(Connection db, String sql) throws SQLException {
    try {
      return single(db, sql);
    } catch (SQLException e) {
      if (isMissingColumn(e)) {
        return null;
      }
      throw e;
    }
  }

  private static List<Object> column(Connection db, String sql) throws SQLException {
    List<Object> values = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getObject(1));
      }
    } catch (SQLException e) {
      if (isMissingColumn(e)) {
        return List.of();
      }
      throw e;
    }
    return values;
  }

  /** DuckDB's binder refuses a column or struct field the file does not have. */
  private static boolean isMissingColumn(SQLException e) {
    return String.valueOf(e.getMessage()).startsWith("Binder Error");
  }

  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return message.lines().findFirst().orElse(message).strip();
  }

  /** Whether the file starts and ends with the parquet magic {@code PAR1}. */
  static boolean hasMagic(LogSource file) {
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    if (file.size() < 12) {
      return false;
    }
    try (SeekableByteChannel channel = file.channel()) {
      ByteBuffer head = ByteBuffer.allocate(4);
      ByteBuffer tail = ByteBuffer.allocate(4);
      readFully(channel, head);
      channel.position(file.size() - 4);
      readFully(channel, tail);
      return Arrays.equals(head.array(), magic) && Arrays.equals(tail.array(), magic);
    } catch (IOException e) {
      return false;
    }
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the file ended early");
      }
    }
  }
}
