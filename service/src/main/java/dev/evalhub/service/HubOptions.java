package dev.evalhub.service;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a hub is opened by {@link EvalHub#open} and {@link EvalHub#openAdministration}: its data
 * folder; the largest pack and object a push may send and the most bytes one repository may hold (0
 * = no limit); the index database (a JDBC URL; empty: the embedded H2 in {@code DATA/index}); the
 * external issuers whose tokens it trusts, as the {@code trusted-issuers} setting spells them
 * ({@code ISSUER=JWKS_FILE,...}; empty: none). Immutable.
 */
public record HubOptions(
    Path dataDir,
    long maxPackBytes,
    long maxObjectBytes,
    long maxRepoBytes,
    String database,
    String trustedIssuers) {

  /** The default limits: 1 GiB packs, 100 MiB objects, 5 GiB repositories. */
  public static final long DEFAULT_MAX_PACK_BYTES = 1L << 30;

  public static final long DEFAULT_MAX_OBJECT_BYTES = 100L << 20;
  public static final long DEFAULT_MAX_REPO_BYTES = 5L << 30;

  public HubOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(trustedIssuers, "trustedIssuers");
    if (maxPackBytes < 0 || maxObjectBytes < 0 || maxRepoBytes < 0) {
      throw new IllegalArgumentException(
          "size limits must be 0 (none) or positive, got "
              + maxPackBytes
              + ", "
              + maxObjectBytes
              + " and "
              + maxRepoBytes);
    }
  }

  /** The default limits, the embedded index and no external issuers, over {@code dataDir}. */
  public static HubOptions of(Path dataDir) {
    return new HubOptions(
        dataDir, DEFAULT_MAX_PACK_BYTES, DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_REPO_BYTES, "", "");
  }

  public HubOptions withDatabase(String jdbcUrl) {
    return new HubOptions(
        dataDir, maxPackBytes, maxObjectBytes, maxRepoBytes, jdbcUrl, trustedIssuers);
  }

  public HubOptions withTrustedIssuers(String setting) {
    return new HubOptions(dataDir, maxPackBytes, maxObjectBytes, maxRepoBytes, database, setting);
  }

  public HubOptions withMaxRepoBytes(long bytes) {
    return new HubOptions(dataDir, maxPackBytes, maxObjectBytes, bytes, database, trustedIssuers);
  }
}
