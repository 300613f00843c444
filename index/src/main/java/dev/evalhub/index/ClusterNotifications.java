package dev.evalhub.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The PostgreSQL notifications the instances of one hub send each other on the channel {@value
 * #CHANNEL}, payload {@code "SCHEMA KIND SEQ ORIGIN"}: {@value #EVENTS} when a process appended
 * events up to {@code SEQ} (the leader applies them), {@value #INDEX} when the leader committed a
 * change of the index, position {@code SEQ} (every instance drops its caches). The schema keeps
 * hubs that share one database apart; {@code ORIGIN} names the sending process, which ignores its
 * own. Stateless.
 */
final class ClusterNotifications {

  static final String CHANNEL = "evalhub";
  static final String EVENTS = "events";
  static final String INDEX = "index";

  /** One notification received. */
  record Notice(String schema, String kind, long sequence, String origin) {}

  private ClusterNotifications() {}

  /**
   * Sends one notification in {@code c}'s transaction (PostgreSQL delivers it when that commits,
   * never when it rolls back).
   */
  static void send(Connection c, String kind, long sequence, String origin) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT pg_notify(?, current_schema() || ' ' || ?)")) {
      s.setString(1, CHANNEL);
      s.setString(2, kind + " " + sequence + " " + origin);
      s.execute();
    }
  }

  /** The notice of {@code payload}; empty when it is not one of ours. */
  static Optional<Notice> parse(String payload) {
    String[] f = payload.split(" ", -1);
    if (f.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Notice(f[0], f[1], Long.parseLong(f[2]), f[3]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
