package dev.evalhub.domain.mirror;

import dev.evalhub.domain.RepoId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A mirror as its record in {@code admin.git} holds it: its id (12 lower-case hex digits), the
 * source hub's base URL ({@code http(s)://host[:port][/path]}, no trailing slash), how it is read,
 * the repositories it copies (datasets are the benchmarks, models the results), how often it is
 * refreshed, who set it up and when, and whether it was removed (a removed mirror is no longer
 * refreshed; its copies stay). Immutable.
 */
public record Mirror(
    String id,
    String source,
    MirrorKind kind,
    List<RepoId> repositories,
    Duration interval,
    String actor,
    Instant created,
    boolean removed) {

  /** The interval when none is given: one hour. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** The shortest interval a mirror may ask for: one minute. */
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  public Mirror {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    repositories = List.copyOf(repositories);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(created, "created");
  }

  /** Whether {@code id} has the shape of a mirror id (12 lower-case hex digits). */
  public static boolean isId(String id) {
    return id != null && id.matches("[0-9a-f]{12}");
  }

  /**
   * The URL of {@code repo} at the source: {@code SOURCE/NS/NAME} for a model, {@code
   * SOURCE/datasets/NS/NAME} for a dataset (the Hugging Face layout, which evalhub shares). This is
   * what the local copy records as its origin.
   */
  public String sourceUrlOf(RepoId repo) {
    return source + "/" + repo.urlPath();
  }

  /** This mirror marked removed. */
  public Mirror asRemoved() {
    return new Mirror(id, source, kind, repositories, interval, actor, created, true);
  }
}
