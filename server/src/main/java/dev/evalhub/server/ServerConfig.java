package dev.evalhub.server;

import dev.evalhub.server.OperationsSettings.Metrics;
import dev.evalhub.server.Setting.Bound;
import dev.evalhub.service.HubOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How a hub server runs: its data folder, where it listens, the push size limits and the
 * per-repository quota (0 = none), the largest body of the commit API, the index database (a JDBC
 * URL; empty: embedded H2 in the data folder) and the trusted external token issuers ({@code
 * ISSUER=JWKS_FILE,...}). Each setting comes from, in this order: a command-line flag, an
 * environment variable ({@code EVALHUB_DATA}, {@code EVALHUB_HOST}, {@code EVALHUB_PORT}, {@code
 * EVALHUB_MAX_PACK_BYTES}, {@code EVALHUB_MAX_OBJECT_BYTES}, {@code EVALHUB_MAX_COMMIT_BYTES},
 * {@code EVALHUB_MAX_REPO_BYTES}, {@code EVALHUB_DB}, {@code EVALHUB_TRUSTED_ISSUERS}), the config
 * file (the {@code --config} file, else {@code evalhub.properties} in the data folder, with keys
 * {@code data}, {@code host}, {@code port}, {@code max-pack-bytes}, {@code max-object-bytes},
 * {@code max-commit-bytes}, {@code max-repo-bytes}, {@code db}, {@code trusted-issuers}), the
 * default. The connection limits ({@link HttpLimits}) come the same way: {@code
 * idle-timeout-seconds}, {@code min-request-bytes-per-second}, {@code max-connections-per-address}
 * (environment: {@code EVALHUB_} and the key in upper case with underscores), and so do the
 * operations settings ({@link OperationsSettings}): {@code metrics}, {@code log-format}, {@code
 * ready-max-lag}, {@code drain-seconds}, {@code stop-timeout-seconds}. Immutable.
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int port,
    long maxPackBytes,
    long maxObjectBytes,
    long maxCommitBytes,
    String database,
    String trustedIssuers,
    long maxRepoBytes,
    HttpLimits httpLimits,
    OperationsSettings operations) {

  public static final String CONFIG_FILE_NAME = "evalhub.properties";

  /** Loopback: listening on other interfaces is an explicit {@code --host}. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default largest body of the commit API: its files travel inline, base64-encoded. */
  public static final long DEFAULT_MAX_COMMIT_BYTES = 128L << 20;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    if (maxCommitBytes < 1) {
      throw new IllegalArgumentException(
          "max-commit-bytes must be positive, got " + maxCommitBytes);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(trustedIssuers, "trustedIssuers");
    if (maxRepoBytes < 0) {
      throw new IllegalArgumentException(
          "max-repo-bytes must be 0 (no limit) or positive, got " + maxRepoBytes);
    }
    Objects.requireNonNull(httpLimits, "httpLimits");
    Objects.requireNonNull(operations, "operations");
  }

  /**
   * Settings with the operations settings of an embedded hub ({@link OperationsSettings#EMBEDDED}:
   * no drain).
   */
  public ServerConfig(
      Path dataDir,
      String host,
      int port,
      long maxPackBytes,
      long maxObjectBytes,
      long maxCommitBytes,
      String database,
      String trustedIssuers,
      long maxRepoBytes,
      HttpLimits httpLimits) {
    this(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        database,
        trustedIssuers,
        maxRepoBytes,
        httpLimits,
        OperationsSettings.EMBEDDED);
  }

  /** This configuration with the operations settings {@code settings}. */
  public ServerConfig withOperations(OperationsSettings settings) {
    return new ServerConfig(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        database,
        trustedIssuers,
        maxRepoBytes,
        httpLimits,
        settings);
  }

  /** Settings with the default repository quota and connection limits. */
  public ServerConfig(
      Path dataDir,
      String host,
      int port,
      long maxPackBytes,
      long maxObjectBytes,
      long maxCommitBytes,
      String database,
      String trustedIssuers) {
    this(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        database,
        trustedIssuers,
        HubOptions.DEFAULT_MAX_REPO_BYTES,
        HttpLimits.DEFAULT);
  }

  /** Settings with the embedded index and no external issuers. */
  public ServerConfig(Path dataDir, String host, int port, long maxPackBytes, long maxObjectBytes) {
    this(dataDir, host, port, maxPackBytes, maxObjectBytes, DEFAULT_MAX_COMMIT_BYTES, "", "");
  }

  /** This configuration with the index database {@code jdbcUrl}. */
  public ServerConfig withDatabase(String jdbcUrl) {
    return new ServerConfig(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        jdbcUrl,
        trustedIssuers,
        maxRepoBytes,
        httpLimits,
        operations);
  }

  /** Defaults for a test or an embedded hub: the data folder given, loopback, any free port. */
  public static ServerConfig forTest(Path dataDir) {
    return new ServerConfig(dataDir, "127.0.0.1", 0, 1L << 30, 100L << 20);
  }

  public ServerConfig withMaxCommitBytes(long bytes) {
    return new ServerConfig(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        bytes,
        database,
        trustedIssuers,
        maxRepoBytes,
        httpLimits,
        operations);
  }

  /** This configuration with a repository quota of {@code bytes} (0: none). */
  public ServerConfig withMaxRepoBytes(long bytes) {
    return new ServerConfig(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        database,
        trustedIssuers,
        bytes,
        httpLimits,
        operations);
  }

  public ServerConfig withHttpLimits(HttpLimits limits) {
    return new ServerConfig(
        dataDir,
        host,
        port,
        maxPackBytes,
        maxObjectBytes,
        maxCommitBytes,
        database,
        trustedIssuers,
        maxRepoBytes,
        limits,
        operations);
  }

  /**
   * Resolves the settings from {@code flags} (keys as in the config file, absent when not given),
   * {@code env} and the config file ({@code configFile}, else {@code evalhub.properties} in the
   * data folder); see {@link SettingSources} for the order. {@code drain-seconds} defaults to 5
   * with an index on PostgreSQL (instances behind a load balancer) and to 0 otherwise (one
   * instance: nothing to drain toward).
   *
   * @throws IllegalArgumentException naming the setting, what it must be, the value and its source
   */
  public static ServerConfig resolve(
      Map<String, String> flags, Map<String, String> env, Optional<Path> configFile) {
    Properties explicitFile = configFile.map(ServerConfig::read).orElseGet(Properties::new);
    String explicitName = configFile.map(Path::toString).orElse(CONFIG_FILE_NAME);
    Path dataDir =
        Path.of(
            new SettingSources(flags, env, explicitFile, explicitName)
                .get(Setting.text("data", "EVALHUB_DATA", "./data")));
    Path dataFile = dataDir.resolve(CONFIG_FILE_NAME);
    SettingSources s =
        configFile.isPresent()
            ? new SettingSources(flags, env, explicitFile, explicitName)
            : new SettingSources(flags, env, readIfExists(dataFile), dataFile.toString());
    String db = s.get(Setting.text("db", "EVALHUB_DB", ""));
    HttpLimits limits = HttpLimits.DEFAULT;
    return new ServerConfig(
        dataDir,
        s.get(Setting.text("host", "EVALHUB_HOST", DEFAULT_HOST)),
        s.get(Setting.integer("port", "EVALHUB_PORT", 8080, Bound.range(0, 65535))),
        s.get(Setting.number("max-pack-bytes", "EVALHUB_MAX_PACK_BYTES", 1L << 30, Bound.LIMIT)),
        s.get(
            Setting.number(
                "max-object-bytes", "EVALHUB_MAX_OBJECT_BYTES", 100L << 20, Bound.LIMIT)),
        s.get(
            Setting.number(
                "max-commit-bytes",
                "EVALHUB_MAX_COMMIT_BYTES",
                DEFAULT_MAX_COMMIT_BYTES,
                Bound.POSITIVE)),
        db,
        s.get(Setting.text("trusted-issuers", "EVALHUB_TRUSTED_ISSUERS", "")),
        s.get(
            Setting.number(
                "max-repo-bytes",
                "EVALHUB_MAX_REPO_BYTES",
                HubOptions.DEFAULT_MAX_REPO_BYTES,
                Bound.LIMIT)),
        new HttpLimits(
            s.get(
                Setting.seconds(
                    "idle-timeout-seconds",
                    "EVALHUB_IDLE_TIMEOUT_SECONDS",
                    limits.idleTimeout(),
                    Bound.POSITIVE)),
            s.get(
                Setting.number(
                    "min-request-bytes-per-second",
                    "EVALHUB_MIN_REQUEST_BYTES_PER_SECOND",
                    limits.minRequestBytesPerSecond(),
                    Bound.NOT_NEGATIVE)),
            s.get(
                Setting.integer(
                    "max-connections-per-address",
                    "EVALHUB_MAX_CONNECTIONS_PER_ADDRESS",
                    limits.maxConnectionsPerAddress(),
                    Bound.NOT_NEGATIVE))),
        new OperationsSettings(
            s.get(Setting.word("metrics", "EVALHUB_METRICS", Metrics::parse, Metrics.LOOPBACK)),
            s.get(
                Setting.word("log-format", "EVALHUB_LOG_FORMAT", LogFormat::parse, LogFormat.TEXT)),
            s.get(
                Setting.number(
                    "ready-max-lag",
                    "EVALHUB_READY_MAX_LAG",
                    OperationsSettings.DEFAULT_READY_MAX_LAG,
                    Bound.NOT_NEGATIVE)),
            s.get(
                Setting.seconds(
                    "drain-seconds",
                    "EVALHUB_DRAIN_SECONDS",
                    OperationsSettings.defaultDrain(db),
                    Bound.NOT_NEGATIVE)),
            s.get(
                Setting.seconds(
                    "stop-timeout-seconds",
                    "EVALHUB_STOP_TIMEOUT_SECONDS",
                    OperationsSettings.DEFAULT_STOP_TIMEOUT,
                    Bound.NOT_NEGATIVE))));
  }

  private static Properties readIfExists(Path file) {
    return Files.isRegularFile(file) ? read(file) : new Properties();
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the config file " + file + ": " + e.getMessage(), e);
    }
    return properties;
  }
}
