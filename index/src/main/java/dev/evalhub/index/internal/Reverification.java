package dev.evalhub.index.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.index.IndexException;
import dev.evalhub.storage.RepoReader;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.TokenVerifier;
import dev.evalhub.verification.TrustedIssuers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brings the stored verification of results in step with a new set of trusted keys: compares the
 * key set the index was verified with ({@code verification_keys}) with the new one, and verifies
 * again, from the files in git, exactly the results whose token names a key id that changed (added,
 * removed, revoked, re-keyed). Other results cannot change: a token's verification depends on the
 * trusted keys only through the keys with its kid. Stateless.
 */
public final class Reverification {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Reverification() {}

  private record Row(String repoKey, String ref, String path, int index, String commit) {}

  /**
   * Re-verifies what {@code trusted} changes and records it as the index's key set; returns how
   * many results.
   */
  public static int apply(
      Connection c, Storage storage, EvalFormats formats, ResultRows rows, TrustedIssuers trusted)
      throws SQLException {
    Map<String, String> now = fingerprints(trusted);
    Map<String, String> before = stored(c);
    Set<String> changed = new HashSet<>(now.keySet());
    changed.addAll(before.keySet());
    changed.removeIf(kid -> Objects.equals(now.get(kid), before.get(kid)));
    if (changed.isEmpty()) {
      return 0;
    }
    int count = reverify(c, storage, formats, rows, changed);
    try (PreparedStatement s = c.prepareStatement("DELETE FROM verification_keys")) {
      s.executeUpdate();
    }
    for (Map.Entry<String, String> key : now.entrySet()) {
      try (PreparedStatement s =
          IndexTables.prepare(
              c,
              "INSERT INTO verification_keys (kid, fingerprint) VALUES (?, ?)",
              key.getKey(),
              key.getValue())) {
        s.executeUpdate();
      }
    }
    return count;
  }

  private static int reverify(
      Connection c, Storage storage, EvalFormats formats, ResultRows rows, Set<String> kids)
      throws SQLException {
    int count = 0;
    Map<String, Optional<List<ResultEntry>>> files = new HashMap<>();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE results SET verified = ?, verify_reason = ?,"
                + " verify_issuer = ? WHERE repo_key = ? AND ref_name = ? AND file_path = ? AND entry_index = ?")) {
      for (Row row : affected(c, kids)) {
        Optional<RepoInfo> repo =
            RepoId.parsePath(row.repoKey()).flatMap(storage.repositories()::find);
        if (repo.isEmpty()) {
          continue;
        }
        Optional<List<ResultEntry>> entries =
            files.computeIfAbsent(
                row.repoKey() + "\n" + row.commit() + "\n" + row.path(),
                k -> read(storage, formats, repo.get(), row.commit(), row.path()));
        if (entries.isEmpty() || row.index() >= entries.get().size()) {
          continue;
        }
        ResultRows.Verdict verdict = rows.verdict(repo.get().id(), entries.get().get(row.index()));
        update.setBoolean(1, verdict.verified());
        update.setString(2, verdict.reason());
        update.setString(3, verdict.issuer());
        update.setString(4, row.repoKey());
        update.setString(5, row.ref());
        update.setString(6, row.path());
        update.setInt(7, row.index());
        update.addBatch();
        if (++count % 500 == 0) {
          update.executeBatch();
        }
      }
      update.executeBatch();
    }
    return count;
  }

  /** Per key id: every trusted key with that id (issuer and raw key), and its revocation note. */
  static Map<String, String> fingerprints(TrustedIssuers trusted) {
    Map<String, String> fingerprints = new TreeMap<>();
    trusted
        .issuers()
        .forEach(
            (issuer, keys) ->
                keys.keys()
                    .forEach(
                        key ->
                            fingerprints.merge(
                                key.kid(),
                                issuer
                                    + " "
                                    + Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(key.raw()),
                                (a, b) -> a + "\n" + b)));
    trusted
        .revoked()
        .forEach((kid, why) -> fingerprints.merge(kid, "revoked " + why, (a, b) -> a + "\n" + b));
    return fingerprints;
  }

  private static Map<String, String> stored(Connection c) throws SQLException {
    Map<String, String> keys = new TreeMap<>();
    try (PreparedStatement s =
            c.prepareStatement("SELECT kid, fingerprint FROM verification_keys");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        keys.put(rs.getString(1), rs.getString(2));
      }
    }
    return keys;
  }

  private static List<Row> affected(Connection c, Set<String> kids) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT repo_key, ref_name, file_path, entry_index, commit_id,"
                    + " entry_json FROM results WHERE entry_json LIKE '%\"verifyToken\"%'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        if (tokenKid(rs.getString(6)).filter(kids::contains).isPresent()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5)));
        }
      }
    }
    return rows;
  }

  private static Optional<String> tokenKid(String entryJson) {
    try {
      JsonNode token = JSON.readTree(entryJson).get("verifyToken");
      return token == null || !token.isTextual()
          ? Optional.empty()
          : TokenVerifier.kidOf(token.asText());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The entries of the results file {@code path} at {@code commit}, or empty when it cannot be read
   * as valid.
   */
  private static Optional<List<ResultEntry>> read(
      Storage storage, EvalFormats formats, RepoInfo repo, String commit, String path) {
    try (RepoReader reader = storage.reader(repo.id())) {
      Optional<byte[]> bytes = reader.file(CommitId.parse(commit), path);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      Validated<ResultsFile> read = formats.readResults(bytes.get());
      return read.value().map(ResultsFile::entries);
    } catch (IOException e) {
      throw new IndexException("cannot read " + path + " at " + commit + " of " + repo.id(), e);
    }
  }
}
