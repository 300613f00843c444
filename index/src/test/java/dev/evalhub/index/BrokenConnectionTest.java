package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index outlives its database connections: when PostgreSQL drops every one of them (a restart,
 * a failover, an administrator's {@code pg_terminate_backend}), the next reads and writes run on
 * new connections.
 */
class BrokenConnectionTest {

  private static final Pattern APPLICATION = Pattern.compile("ApplicationName=(\\w+)");

  @TempDir Path dir;

  @Test
  void readsAndWritesWorkAfterTheServerTerminatedEveryConnectionOfTheIndex() throws Exception {
    try (IndexFixture hub = IndexFixture.postgres(dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1"))
          .repo("alice/gpt", false)
          .put("alice/gpt", ".eval_results/r.yaml", result("acme/bench", "t1", 0.5, ""));
      assertThat(hub.index.benchmarks()).hasSize(1);

      assertThat(terminateConnections(hub.url)).isPositive();
      // A connection used within the last 500 ms is handed out unchecked (HikariCP's alive-bypass
      // window); one
      // that sat idle longer is validated first, as after any real outage.
      Thread.sleep(600);

      assertThat(hub.index.benchmarks()).hasSize(1);
      hub.put("alice/gpt", ".eval_results/r.yaml", result("acme/bench", "t1", 0.9, ""));
      assertThat(hub.index.failures()).isEmpty();
      assertThat(hub.leaderboard("acme/bench", "t1", false).entries())
          .extracting(e -> e.score().value())
          .containsExactly(0.9);
    }
  }

  /**
   * Terminates, from a connection of its own, every server process of the index at {@code url};
   * returns how many.
   */
  private static int terminateConnections(String url) throws Exception {
    Matcher application = APPLICATION.matcher(url);
    assertThat(application.find()).isTrue();
    String base = System.getenv(TestDatabases.POSTGRES_ENV);
    List<Integer> pids = new ArrayList<>();
    // Two steps, so that no query plan can terminate a process before the name filter has chosen
    // it.
    try (Connection admin = DriverManager.getConnection(base)) {
      try (PreparedStatement find =
          admin.prepareStatement(
              "SELECT pid FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
        find.setString(1, application.group(1));
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            pids.add(rs.getInt(1));
          }
        }
      }
      try (PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        for (int pid : pids) {
          terminate.setInt(1, pid);
          terminate.executeQuery().close();
        }
      }
    }
    return pids.size();
  }
}
