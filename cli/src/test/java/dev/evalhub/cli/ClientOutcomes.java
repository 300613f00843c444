package dev.evalhub.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients of a multi-instance test saw: every acknowledged write (to check afterwards that
 * it is there), and every answer counted by kind, each kind either retryable (what a client may see
 * while an instance dies: a refused or reset connection, 502/503/504, git's "remote end hung up", a
 * lost race on a ref) or not (a 500, any other 4xx, a refused push). Thread-safe.
 */
final class ClientOutcomes {

  /**
   * One write the hub acknowledged: {@code commit} is on {@code ref} of {@code repo} (a path below
   * the data folder's {@code repos/}, e.g. {@code models/alice/gpt.git}) or an ancestor of it.
   */
  record Ack(String what, String repo, String ref, String commit) {}

  /** A pull request the hub said it merged. */
  record Merge(String repo, int number, String mergeCommit) {}

  private static final List<String> RETRYABLE_PREFIXES =
      List.of(
          "HTTP 502",
          "HTTP 503",
          "HTTP 504",
          "connection refused",
          "connection closed",
          "git: HTTP 502",
          "git: HTTP 503",
          "git: HTTP 504",
          "git: remote end hung up",
          "git: connection closed",
          "race:");

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final List<Merge> merges = new CopyOnWriteArrayList<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Map<String, String> firstOfKind = new ConcurrentHashMap<>();
  private final List<Integer> landedUnacknowledged = new CopyOnWriteArrayList<>();

  void ack(Ack ack) {
    acks.add(ack);
    count("ok " + ack.what());
  }

  void merged(Merge merge) {
    merges.add(merge);
    count("ok merge");
  }

  /**
   * Pull request {@code number} was merged by an attempt whose answer was lost (a later attempt
   * answered 409 "is merged").
   */
  void landedUnacknowledged(int number) {
    landedUnacknowledged.add(number);
  }

  /** The pull requests merged by an attempt whose answer was lost. */
  List<Integer> landedUnacknowledged() {
    return List.copyOf(landedUnacknowledged);
  }

  void ok(String what) {
    count("ok " + what);
  }

  /**
   * Counts a failure of kind {@code kind} of operation {@code op} ({@code what}: which one); keeps
   * the first details of each kind (all of a kind that is not retryable, up to 20).
   */
  void failed(String op, String what, String kind, String detail) {
    count(kind + " (" + op + ")");
    String line = what + ": " + kind + ": " + detail.strip();
    firstOfKind.putIfAbsent(kind + " (" + op + ")", line);
    if (!retryable(kind) && unexpected.size() < 20) {
      unexpected.add(line);
    }
  }

  /** The first failure of each kind, with what it said. */
  Map<String, String> firstOfEachKind() {
    return new TreeMap<>(firstOfKind);
  }

  /** The kind of a failed HTTP exchange. */
  static String kindOf(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof HttpTimeoutException) {
      return "time-out";
    }
    return "connection closed";
  }

  /** The kind of an HTTP answer that is not a success; 409 and 412 are a lost race on a ref. */
  static String kindOf(int status) {
    return switch (status) {
      case 409, 412 -> "race: HTTP " + status;
      default -> "HTTP " + status;
    };
  }

  /** The kind of a failed {@code git} run, read from what it printed. */
  static String kindOfGit(String output) {
    for (int status : new int[] {502, 503, 504, 500, 400, 401, 403, 404, 409, 413}) {
      if (output.contains("returned error: " + status) || output.contains("HTTP " + status)) {
        return "git: HTTP " + status;
      }
    }
    if (output.contains("remote end hung up")) {
      return "git: remote end hung up";
    }
    if (output.contains("Empty reply from server")
        || output.contains("Connection reset")
        || output.contains("Recv failure")) {
      return "git: connection closed";
    }
    if (output.contains("[remote rejected]") || output.contains("[rejected]")) {
      return "git: push rejected";
    }
    return "git: other";
  }

  static boolean retryable(String kind) {
    return kind.startsWith("ok ") || RETRYABLE_PREFIXES.stream().anyMatch(kind::startsWith);
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  List<Merge> merges() {
    return List.copyOf(merges);
  }

  /** The first details of each answer that was neither a success nor retryable. */
  List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** Every kind with its count, sorted by kind. */
  Map<String, Long> counts() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((kind, n) -> sorted.put(kind, n.sum()));
    return sorted;
  }

  /** The kinds counted that were neither a success nor retryable. */
  List<String> unexpectedKinds() {
    List<String> kinds = new ArrayList<>();
    counts()
        .forEach(
            (kind, n) -> {
              if (!retryable(kind)) {
                kinds.add(kind + " x" + n);
              }
            });
    return kinds;
  }

  private void count(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }
}
