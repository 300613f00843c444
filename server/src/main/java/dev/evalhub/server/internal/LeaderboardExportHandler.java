package dev.evalhub.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/datasets/{ns}/{name}/leaderboard.csv} and {@code .../leaderboard.parquet} {@code
 * [?task_id=...][&base_model=true|false]}: every row of a task's leaderboard (all methodology
 * groups) as a file to download, the columns of {@link LeaderboardTable}. The leaderboard is the
 * one {@link LeaderboardHandler} serves as JSON, from the same service call, so the same caller
 * sees the same rows and a private benchmark is not found. A file is kept while the index hands out
 * the identical (cached) leaderboard. Thread-safe.
 */
public final class LeaderboardExportHandler implements Handler {

  /** The export formats: file extension, media type and writer. */
  public enum Format {
    CSV("csv", LeaderboardCsv.MEDIA_TYPE, LeaderboardCsv::write),
    PARQUET("parquet", LeaderboardParquet.MEDIA_TYPE, LeaderboardParquet::write);

    private final String extension;
    private final String mediaType;
    private final Function<LeaderboardTable, byte[]> writer;

    Format(String extension, String mediaType, Function<LeaderboardTable, byte[]> writer) {
      this.extension = extension;
      this.mediaType = mediaType;
      this.writer = writer;
    }

    /** The route's path. */
    public String path() {
      return "/api/datasets/{ns}/{name}/leaderboard." + extension;
    }

    /** The answer's media type, without parameters. */
    public String mediaType() {
      int semicolon = mediaType.indexOf(';');
      return semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    }
  }

  /** Bound on the bytes of the files kept (least recently used dropped first). */
  static final long MAX_KEPT_BYTES = 32L << 20;

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;
  private final Format format;

  /** Files by leaderboard instance (weak, by identity): an index change is never hidden. */
  private final Cache<Leaderboard, byte[]> files =
      Caffeine.newBuilder()
          .weakKeys()
          .maximumWeight(MAX_KEPT_BYTES)
          .weigher((Leaderboard board, byte[] bytes) -> bytes.length)
          .executor(Runnable::run)
          .build();

  public LeaderboardExportHandler(
      LeaderboardService leaderboards, Authenticator authenticator, Format format) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
    this.format = format;
  }

  @Override
  public void handle(Context ctx) {
    Optional<String> task =
        Optional.ofNullable(ctx.queryParam("task_id")).filter(t -> !t.isBlank());
    boolean baseModelsOnly = !"false".equalsIgnoreCase(ctx.queryParam("base_model"));
    RepoId dataset = ApiRequests.dataset(ctx);
    Leaderboard board =
        leaderboards.leaderboard(
            dataset, task, baseModelsOnly, authenticator.caller(ctx.header("Authorization")));
    byte[] file = files.get(board, b -> format.writer.apply(LeaderboardTable.of(b)));
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + fileName(board, format.extension) + "\"");
    ctx.contentType(format.mediaType).result(file);
  }

  /**
   * {@code NS_NAME_TASK_leaderboard.EXT}, every character outside {@code [A-Za-z0-9._-]} replaced
   * by {@code _}: a name every system accepts, needing no quoting inside the header.
   */
  static String fileName(Leaderboard board, String extension) {
    String stem =
        board.task().benchmark().namespace()
            + "_"
            + board.task().benchmark().name()
            + "_"
            + board.task().taskId()
            + "_leaderboard";
    return stem.replaceAll("[^A-Za-z0-9._-]", "_") + "." + extension;
  }
}
