package dev.evalhub.index;

import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.KeyFile;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TrustedIssuers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verification keys of a hub: its own signing key ({@code DATA/keys/hub-signing.key}, mode 600, made by
 * {@code evalhub keys create}) and the external issuers an operator trusts (issuer id to a JWKS file). Gives the
 * trusted issuers for verification and the public keys for the JWKS endpoint. Immutable.
 */
public record HubKeys(Optional<SigningKey> signingKey, TrustedIssuers trusted) {

  /** The default issuer id of a hub's own key. */
  public static final String DEFAULT_ISSUER = "evalhub";

  public static Path keyFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("hub-signing.key");
  }

  /** Creates the hub's signing key; refuses to replace an existing one. */
  public static SigningKey create(Path dataDir, String issuer) throws IOException {
    Path file = keyFile(dataDir);
    Files.createDirectories(file.getParent());
    SigningKey key = SigningKey.generate(issuer);
    KeyFile.create(file, key);
    return key;
  }

  /** Loads the hub's key (when created) and the external issuers' JWKS files. */
  public static HubKeys load(Path dataDir, Map<String, Path> externalIssuers) throws IOException {
    Path file = keyFile(dataDir);
    Optional<SigningKey> own = Files.exists(file) ? Optional.of(KeyFile.load(file)) : Optional.empty();
    TrustedIssuers trusted = own.map(TrustedIssuers.none()::with).orElse(TrustedIssuers.none());
    for (Map.Entry<String, Path> issuer : externalIssuers.entrySet()) {
      trusted = trusted.with(issuer.getKey(), Jwks.parse(Files.readString(issuer.getValue())));
    }
    return new HubKeys(own, trusted);
  }

  /**
   * Parses the setting {@code trusted-issuers}: {@code ISSUER=JWKS_FILE} pairs separated by commas (blank: none).
   */
  public static Map<String, Path> parseIssuers(String setting) {
    Map<String, Path> issuers = new LinkedHashMap<>();
    if (setting == null || setting.isBlank()) {
      return issuers;
    }
    for (String pair : setting.split(",")) {
      int equals = pair.lastIndexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("trusted-issuers: expected ISSUER=JWKS_FILE, got \"" + pair + "\"");
      }
      issuers.put(pair.substring(0, equals).strip(), Path.of(pair.substring(equals + 1).strip()));
    }
    return issuers;
  }

  /** The hub's own public keys, as published at the JWKS endpoint. */
  public Jwks publicKeys() {
    return signingKey.map(key -> Jwks.of(key.publicJwk())).orElse(new Jwks(java.util.List.of()));
  }
}
