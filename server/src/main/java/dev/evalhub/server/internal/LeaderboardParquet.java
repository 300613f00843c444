package dev.evalhub.server.internal;

import dev.evalhub.importers.LockedDuckDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A leaderboard as a Parquet file with typed columns ({@link LeaderboardTable.Type}; the date a UTC
 * timestamp), written by DuckDB ({@code COPY ... TO ... (FORMAT PARQUET)}) in a locked-down,
 * in-memory database, as the lighteval importer reads Parquet: one thread, a memory limit, no
 * extension installed or loaded, no file but the one temporary output file reachable ({@code
 * allowed_paths} with {@code enable_external_access=false}, then the configuration locked). The
 * temporary file is deleted once read. Thread-safe.
 */
final class LeaderboardParquet {

  /** The media type (registered with IANA in 2024). */
  static final String MEDIA_TYPE = "application/vnd.apache.parquet";

  /** DuckDB's memory ceiling for writing one leaderboard. */
  static final String MEMORY_LIMIT = "128MB";

  private LeaderboardParquet() {}

  /** The table as Parquet bytes. */
  static byte[] write(LeaderboardTable table) {
    Path temp = null;
    try {
      temp = Files.createTempFile("evalhub-leaderboard-", ".parquet").toRealPath();
      // DuckDB writes the file anew; an existing (empty) one would only be replaced.
      Files.delete(temp);
      copy(table, temp);
      return Files.readAllBytes(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the leaderboard's Parquet file", e);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB cannot write the leaderboard: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a temporary file left behind in the temp folder fails no request
        }
      }
    }
  }

  private static void copy(LeaderboardTable table, Path file) throws SQLException {
    String quoted = LockedDuckDb.literal(file);
    List<LeaderboardTable.Column> columns = table.columns();
    try (Connection db = LockedDuckDb.open(file, MEMORY_LIMIT)) {
      try (Statement statement = db.createStatement()) {
        statement.execute(
            "CREATE TABLE leaderboard ("
                + columns.stream()
                    .map(c -> "\"" + c.name() + "\" " + c.type().name())
                    .collect(Collectors.joining(", "))
                + ")");
      }
      String insert =
          "INSERT INTO leaderboard VALUES ("
              + columns.stream()
                  .map(LeaderboardParquet::placeholder)
                  .collect(Collectors.joining(", "))
              + ")";
      try (PreparedStatement statement = db.prepareStatement(insert)) {
        for (List<Object> row : table.rows()) {
          for (int i = 0; i < columns.size(); i++) {
            bind(statement, i + 1, columns.get(i).type(), row.get(i));
          }
          statement.addBatch();
        }
        statement.executeBatch();
      }
      try (Statement statement = db.createStatement()) {
        statement.execute("COPY leaderboard TO " + quoted + " (FORMAT PARQUET)");
      }
    }
  }

  /** A date travels as epoch microseconds and becomes a UTC timestamp in SQL. */
  private static String placeholder(LeaderboardTable.Column column) {
    return column.type() == LeaderboardTable.Type.TIMESTAMPTZ ? "make_timestamptz(?)" : "?";
  }

  private static void bind(
      PreparedStatement statement, int index, LeaderboardTable.Type type, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, sqlType(type));
      return;
    }
    switch (type) {
      case INTEGER -> statement.setInt(index, (Integer) value);
      case BIGINT -> statement.setLong(index, (Long) value);
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      case VARCHAR -> statement.setString(index, (String) value);
      case TIMESTAMPTZ -> {
        Instant instant = (Instant) value;
        statement.setLong(
            index,
            Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1_000L));
      }
    }
  }

  private static int sqlType(LeaderboardTable.Type type) {
    return switch (type) {
      case INTEGER -> Types.INTEGER;
      case BIGINT, TIMESTAMPTZ -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      case BOOLEAN -> Types.BOOLEAN;
      case VARCHAR -> Types.VARCHAR;
    };
  }
}
