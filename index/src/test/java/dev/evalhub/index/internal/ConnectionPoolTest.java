package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalhub.index.IndexException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's contract: transactions, a bounded wait with a precise error, broken connections
 * replaced.
 */
class ConnectionPoolTest {

  @TempDir Path dir;

  private String h2() {
    return "jdbc:h2:file:" + dir.resolve("pool");
  }

  @Test
  void aTransactionCommitsWhenItReturnsAndRollsBackWhenItThrows() {
    try (ConnectionPool pool = new ConnectionPool(h2(), 2)) {
      pool.transaction(c -> update(c, "CREATE TABLE t (v INT)"));
      pool.transaction(c -> update(c, "INSERT INTO t VALUES (1)"));
      assertThatThrownBy(
              () ->
                  pool.transaction(
                      c -> {
                        update(c, "INSERT INTO t VALUES (2)");
                        throw new IllegalStateException("refused");
                      }))
          .hasMessage("refused");
      assertThatThrownBy(() -> pool.transaction(c -> update(c, "INSERT INTO t VALUES ('x')")))
          .isInstanceOf(IndexException.class)
          .hasMessageStartingWith("index database error: ");

      assertThat(pool.<Integer>read(c -> count(c, "SELECT count(*) FROM t"))).isEqualTo(1);
      assertThat(pool.read(Connection::getAutoCommit)).isTrue();
      assertThat(pool.transaction(Connection::getAutoCommit)).isFalse();
    }
  }

  @Test
  void aCallerThatFindsEveryConnectionBusyGetsAPreciseErrorAfterTheTimeout() throws Exception {
    try (ConnectionPool pool = new ConnectionPool(h2(), 1, Duration.ofMillis(250))) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Integer> holder =
          CompletableFuture.supplyAsync(
              () ->
                  pool.read(
                      c -> {
                        holding.countDown();
                        await(release);
                        return count(c, "SELECT 1");
                      }));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

      long start = System.nanoTime();
      assertThatThrownBy(() -> pool.read(c -> count(c, "SELECT 1")))
          .isInstanceOf(IndexException.class)
          .hasMessageMatching(
              "no index connection became free within 250 ms: all 1 connections of "
                  + "evalhub-index-\\d+ are in use");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));

      release.countDown();
      assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(pool.<Integer>read(c -> count(c, "SELECT 2"))).isEqualTo(2);
    }
  }

  @Test
  void aDatabaseThatCannotBeReachedFailsWithItsUrlWithoutItsCredentials() {
    String url =
        "jdbc:postgresql://evalhub:s3cret@127.0.0.1:1/nowhere?connectTimeout=1&password=s3cret";
    assertThatThrownBy(() -> new ConnectionPool(url, 1, Duration.ofMillis(250)).close())
        .isInstanceOf(IndexException.class)
        .hasMessageStartingWith(
            "cannot connect to the index database jdbc:postgresql://127.0.0.1:1/nowhere:")
        .hasMessageNotContaining("s3cret")
        .satisfies(
            e -> {
              for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
              }
            });
  }

  @Test
  void aUrlIsDescribedWithoutUserInformationAndParameters() {
    assertThat(ConnectionPool.describe("jdbc:postgresql://u:pw@db:5432/hub?user=u&password=pw"))
        .isEqualTo("jdbc:postgresql://db:5432/hub");
    assertThat(ConnectionPool.describe("jdbc:postgresql://db/hub"))
        .isEqualTo("jdbc:postgresql://db/hub");
    assertThat(
            ConnectionPool.describe("jdbc:h2:file:/data/index/evalhub;AUTO_SERVER=TRUE;PASSWORD=x"))
        .isEqualTo("jdbc:h2:file:/data/index/evalhub");
  }

  @Test
  void aConnectionThePostgresServerTerminatedIsReplaced() throws Exception {
    String url = System.getenv("EVALHUB_TEST_POSTGRES_URL");
    assumeTrue(
        url != null && !url.isBlank(),
        "EVALHUB_TEST_POSTGRES_URL is not set: PostgreSQL test SKIPPED");
    try (ConnectionPool pool = new ConnectionPool(url, 1)) {
      int before = pool.read(c -> count(c, "SELECT pg_backend_pid()"));
      try (Connection admin = DriverManager.getConnection(url);
          PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        terminate.setInt(1, before);
        try (ResultSet rs = terminate.executeQuery()) {
          assertThat(rs.next() && rs.getBoolean(1)).isTrue();
        }
      }
      // Past HikariCP's 500 ms window in which a just-used connection is handed out without a
      // check.
      Thread.sleep(600);

      int after = pool.read(c -> count(c, "SELECT pg_backend_pid()"));
      assertThat(after).isNotEqualTo(before);
      assertThat(pool.state().getTotalConnections()).isEqualTo(1);
    }
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
