package dev.evalhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which instances of a multi-instance hub lead ingestion, as they report it: the {@code instance}
 * object of each one's own {@code GET /health} ({@code leader: true|false}) when the hub gives it,
 * else the holders of a PostgreSQL advisory lock among the instances' database connections (told
 * apart by their {@code application_name}, which names the instance, or by the process id in it).
 */
final class Leadership {

  /** How the leaders were found. */
  enum Source {
    HEALTH,
    ADVISORY_LOCK
  }

  /** The leaders now (indexes into the instances), and how they were found. */
  record Leaders(TreeSet<Integer> indexes, Source source) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseDatabaseUrl;
  private final Map<Integer, String> applicationNames;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * Leadership among instances whose database connections carry {@code applicationNames} (by
   * instance index), read through a connection to {@code baseDatabaseUrl}.
   */
  Leadership(String baseDatabaseUrl, Map<Integer, String> applicationNames) {
    this.baseDatabaseUrl = baseDatabaseUrl;
    this.applicationNames = Map.copyOf(applicationNames);
  }

  /** The leaders among {@code live} instances (by index: the port and the process id of each). */
  Leaders leaders(Map<Integer, ServeProcess> live, Map<Integer, Integer> ports) {
    TreeSet<Integer> byHealth = new TreeSet<>();
    boolean reported = false;
    for (Map.Entry<Integer, ServeProcess> instance : live.entrySet()) {
      Optional<Boolean> leads = healthSays(ports.get(instance.getKey()));
      reported |= leads.isPresent();
      if (leads.orElse(false)) {
        byHealth.add(instance.getKey());
      }
    }
    if (reported) {
      return new Leaders(byHealth, Source.HEALTH);
    }
    return new Leaders(lockHolders(live), Source.ADVISORY_LOCK);
  }

  /** {@code instance.leader} of {@code GET /health} on {@code port}; empty when it is not there. */
  private Optional<Boolean> healthSays(int port) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode leader = JSON.readTree(response.body()).path("instance").path("leader");
      return leader.isBoolean() ? Optional.of(leader.asBoolean()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private TreeSet<Integer> lockHolders(Map<Integer, ServeProcess> live) {
    TreeSet<Integer> holders = new TreeSet<>();
    for (String name : advisoryLockHolders()) {
      live.forEach(
          (index, process) -> {
            if (name.equals(applicationNames.get(index))
                || name.matches(".*\\b" + process.pid() + "\\b.*")) {
              holders.add(index);
            }
          });
    }
    return holders;
  }

  /** The application names of the connections that hold an advisory lock now. */
  List<String> advisoryLockHolders() {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(baseDatabaseUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted")) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_locks", e);
    }
    return names;
  }
}
