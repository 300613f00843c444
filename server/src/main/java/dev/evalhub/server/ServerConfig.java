package dev.evalhub.server;

import dev.evalhub.service.HubOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * ready-max-lag}, {@code drain-seconds}. Immutable.
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
   * {@code env} and the config file.
   */
  public static ServerConfig resolve(
      Map<String, String> flags, Map<String, String> env, Optional<Path> configFile) {
    Properties explicitFile = configFile.map(ServerConfig::read).orElseGet(Properties::new);
    String data =
        first(
            flags.get("data"), env.get("EVALHUB_DATA"), explicitFile.getProperty("data"), "./data");
    Path dataDir = Path.of(data);
    Properties file =
        configFile.isPresent() ? explicitFile : readIfExists(dataDir.resolve(CONFIG_FILE_NAME));
    return new ServerConfig(
        dataDir,
        first(flags.get("host"), env.get("EVALHUB_HOST"), file.getProperty("host"), DEFAULT_HOST),
        Integer.parseInt(
            first(flags.get("port"), env.get("EVALHUB_PORT"), file.getProperty("port"), "8080")),
        Long.parseLong(
            first(
                flags.get("max-pack-bytes"),
                env.get("EVALHUB_MAX_PACK_BYTES"),
                file.getProperty("max-pack-bytes"),
                Long.toString(1L << 30))),
        Long.parseLong(
            first(
                flags.get("max-object-bytes"),
                env.get("EVALHUB_MAX_OBJECT_BYTES"),
                file.getProperty("max-object-bytes"),
                Long.toString(100L << 20))),
        Long.parseLong(
            first(
                flags.get("max-commit-bytes"),
                env.get("EVALHUB_MAX_COMMIT_BYTES"),
                file.getProperty("max-commit-bytes"),
                Long.toString(DEFAULT_MAX_COMMIT_BYTES))),
        firstOrEmpty(flags.get("db"), env.get("EVALHUB_DB"), file.getProperty("db")),
        firstOrEmpty(
            flags.get("trusted-issuers"),
            env.get("EVALHUB_TRUSTED_ISSUERS"),
            file.getProperty("trusted-issuers")),
        Long.parseLong(
            first(
                flags.get("max-repo-bytes"),
                env.get("EVALHUB_MAX_REPO_BYTES"),
                file.getProperty("max-repo-bytes"),
                Long.toString(HubOptions.DEFAULT_MAX_REPO_BYTES))),
        new HttpLimits(
            Duration.ofSeconds(
                Long.parseLong(
                    first(
                        flags.get("idle-timeout-seconds"),
                        env.get("EVALHUB_IDLE_TIMEOUT_SECONDS"),
                        file.getProperty("idle-timeout-seconds"),
                        Long.toString(HttpLimits.DEFAULT.idleTimeout().toSeconds())))),
            Long.parseLong(
                first(
                    flags.get("min-request-bytes-per-second"),
                    env.get("EVALHUB_MIN_REQUEST_BYTES_PER_SECOND"),
                    file.getProperty("min-request-bytes-per-second"),
                    Long.toString(HttpLimits.DEFAULT.minRequestBytesPerSecond()))),
            Integer.parseInt(
                first(
                    flags.get("max-connections-per-address"),
                    env.get("EVALHUB_MAX_CONNECTIONS_PER_ADDRESS"),
                    file.getProperty("max-connections-per-address"),
                    Integer.toString(HttpLimits.DEFAULT.maxConnectionsPerAddress())))),
        new OperationsSettings(
            OperationsSettings.Metrics.parse(
                first(
                    flags.get("metrics"),
                    env.get("EVALHUB_METRICS"),
                    file.getProperty("metrics"),
                    "loopback")),
            LogFormat.parse(
                first(
                    flags.get("log-format"),
                    env.get("EVALHUB_LOG_FORMAT"),
                    file.getProperty("log-format"),
                    "text")),
            Long.parseLong(
                first(
                    flags.get("ready-max-lag"),
                    env.get("EVALHUB_READY_MAX_LAG"),
                    file.getProperty("ready-max-lag"),
                    Long.toString(OperationsSettings.DEFAULT_READY_MAX_LAG))),
            Duration.ofSeconds(
                Long.parseLong(
                    first(
                        flags.get("drain-seconds"),
                        env.get("EVALHUB_DRAIN_SECONDS"),
                        file.getProperty("drain-seconds"),
                        Long.toString(OperationsSettings.DEFAULT_DRAIN.toSeconds()))))));
  }

  private static String firstOrEmpty(String flag, String env, String file) {
    for (String candidate : new String[] {flag, env, file}) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.strip();
      }
    }
    return "";
  }

  private static String first(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.strip();
      }
    }
    throw new IllegalStateException("the last candidate is a default");
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
