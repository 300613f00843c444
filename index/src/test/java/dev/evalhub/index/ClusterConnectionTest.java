package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.index.internal.ConnectionPool;
import dev.evalhub.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster's own connections, and the index's pooled ones, notice a dead peer: the server probes
 * the session's socket after 2 s of silence (3 probes 1 s apart) and gives up on unacknowledged
 * data after 5 s, so a leader whose host lost power loses its lock after about 5 s, and the
 * client's reads time out. Skipped without {@code EVALHUB_TEST_POSTGRES_URL}.
 */
class ClusterConnectionTest {

  @Test
  void aClusterConnectionAsksForKeepalivesAndTimesItsReadsOut() throws Exception {
    String url = TestDatabases.freshPostgresSchema();
    try (Connection c = Cluster.connect(url)) {
      assertThat(setting(c, "tcp_keepalives_idle")).isEqualTo("2");
      assertThat(setting(c, "tcp_keepalives_interval")).isEqualTo("1");
      assertThat(setting(c, "tcp_keepalives_count")).isEqualTo("3");
      assertThat(setting(c, "tcp_user_timeout")).isEqualTo("5000");
      assertThat(c.getNetworkTimeout()).isEqualTo((int) Cluster.SOCKET_TIMEOUT.toMillis());
    }
  }

  @Test
  void theIndexsPooledConnectionsAskTheServerForTheSameBound() {
    String url = TestDatabases.freshPostgresSchema();
    try (ConnectionPool pool = new ConnectionPool(url, 2)) {
      List<String> settings =
          pool.read(
              c ->
                  List.of(
                      setting(c, "tcp_keepalives_idle"),
                      setting(c, "tcp_keepalives_interval"),
                      setting(c, "tcp_keepalives_count"),
                      setting(c, "tcp_user_timeout")));
      assertThat(settings)
          .as("an open transaction of a partitioned process does not hold its locks for hours")
          .containsExactly("2", "1", "3", "5000");
    }
  }

  private static String setting(Connection c, String name) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
