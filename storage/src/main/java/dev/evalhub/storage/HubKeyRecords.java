package dev.evalhub.storage;

import dev.evalhub.storage.internal.AdminRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The hub's own verification keys, NoteDb-style: one git-config file per key, {@code keys/<kid>.config}, on the
 * branch {@code refs/meta/keys} of {@code admin.git}. Every change (a key made, a key revoked) is one commit by
 * compare-and-set, so the command line and a running server may both write, and a running server notices a change
 * by the branch's commit ({@link #version}). Only public keys are recorded. Thread-safe.
 */
public final class HubKeyRecords {

  private static final String DIR = "keys/";
  private static final String SUFFIX = ".config";

  private final AdminRepository admin;
  private final Clock clock;

  HubKeyRecords(AdminRepository admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  /** The commit id of the keys' branch (40 zeros before the first key): changes with every change. */
  public String version() {
    return admin.read().commit().name();
  }

  /** Every key ever recorded, oldest first (ties by kid). */
  public List<HubKeyRecord> list() {
    List<HubKeyRecord> keys = new ArrayList<>();
    admin.read().files().forEach((path, bytes) -> {
      if (path.startsWith(DIR) && path.endsWith(SUFFIX)) {
        keys.add(parse(path, bytes));
      }
    });
    keys.sort(Comparator.comparing(HubKeyRecord::created).thenComparing(HubKeyRecord::kid));
    return List.copyOf(keys);
  }

  public Optional<HubKeyRecord> find(String kid) {
    return list().stream().filter(key -> key.kid().equals(kid)).findFirst();
  }

  /**
   * Records a new key.
   *
   * @throws HubException CONFLICT when a key with its kid is recorded already
   */
  public void add(HubKeyRecord key) {
    admin.update(snapshot -> {
      if (snapshot.files().containsKey(path(key.kid()))) {
        throw HubException.conflict("a key with the id " + key.kid() + " exists already");
      }
      return new AdminRepository.Edit(Map.of(path(key.kid()), Optional.of(bytes(key))),
          "Add key " + key.kid() + " of " + key.issuer());
    }, ident(key.createdBy()));
  }

  /**
   * Revokes the key {@code kid} now, by {@code actor}: tokens it signed no longer verify.
   *
   * @throws HubException NOT_FOUND for an unknown kid, CONFLICT when it is revoked already
   */
  public HubKeyRecord revoke(String kid, String actor) {
    HubKeyRecord[] revoked = new HubKeyRecord[1];
    admin.update(snapshot -> {
      byte[] bytes = snapshot.files().get(path(kid));
      if (bytes == null) {
        throw HubException.notFound("no key with the id \"" + kid + "\"; evalhub keys list shows them");
      }
      HubKeyRecord key = parse(path(kid), bytes);
      if (!key.isActive()) {
        throw HubException.conflict("the key " + kid + " was revoked already, at " + key.revoked().get());
      }
      revoked[0] = key.revokedAt(clock.instant(), actor);
      return new AdminRepository.Edit(Map.of(path(kid), Optional.of(bytes(revoked[0]))), "Revoke key " + kid);
    }, ident(actor));
    return revoked[0];
  }

  private static String path(String kid) {
    return DIR + kid + SUFFIX;
  }

  private static PersonIdent ident(String actor) {
    return new PersonIdent(actor, actor + "@users.evalhub.invalid");
  }

  private static byte[] bytes(HubKeyRecord key) {
    Config config = new Config();
    config.setString("key", null, "kid", key.kid());
    config.setString("key", null, "issuer", key.issuer());
    config.setString("key", null, "publicKey", key.publicKey());
    config.setString("key", null, "created", key.created().toString());
    config.setString("key", null, "createdBy", key.createdBy());
    key.revoked().ifPresent(time -> config.setString("key", null, "revoked", time.toString()));
    key.revokedBy().ifPresent(actor -> config.setString("key", null, "revokedBy", actor));
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  private static HubKeyRecord parse(String path, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      return new HubKeyRecord(config.getString("key", null, "kid"), config.getString("key", null, "issuer"),
          config.getString("key", null, "publicKey"), Instant.parse(config.getString("key", null, "created")),
          config.getString("key", null, "createdBy"),
          Optional.ofNullable(config.getString("key", null, "revoked")).map(Instant::parse),
          Optional.ofNullable(config.getString("key", null, "revokedBy")));
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException("corrupt key record " + path + " on the keys' branch of admin.git", e);
    }
  }
}
