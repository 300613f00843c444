package dev.evalhub.index.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.formats.model.ResultEntries;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.TokenVerifier;
import dev.evalhub.verification.Verification;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a valid result entry into its {@link ResultRow}: the entry as the API shows it ({@code
 * data}), its methodology group, its effective date, its source label and its verification,
 * computed here and never read from the file. Thread-safe.
 */
public final class ResultRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile TokenVerifier verifier;

  /**
   * The verification of one entry as a row stores it: the reason only when not verified, the issuer
   * only when.
   */
  public record Verdict(boolean verified, String reason, String issuer) {}

  /**
   * A check after a token verified: why it does not hold (the job it names is unknown), or empty.
   */
  @FunctionalInterface
  public interface JobCheck {
    /** No check: every verified token stays verified. */
    JobCheck NONE = (kid, token, model) -> Optional.empty();

    Optional<String> refusal(String kid, String token, RepoId model);
  }

  private final JobCheck jobs;

  public ResultRows(TokenVerifier verifier) {
    this(verifier, JobCheck.NONE);
  }

  public ResultRows(TokenVerifier verifier, JobCheck jobs) {
    this.verifier = verifier;
    this.jobs = jobs;
  }

  /** Verifies with {@code newVerifier} from now on (the trusted keys changed). */
  public void use(TokenVerifier newVerifier) {
    this.verifier = newVerifier;
  }

  /** The verification of {@code entry} in the model {@code model} under the current keys. */
  public Verdict verdict(RepoId model, ResultEntry entry) {
    Verification verification = entry.verifyToken() == null ? null : verifier.verify(model, entry);
    if (verification != null && verification.verified()) {
      Optional<String> refusal = jobs.refusal(verification.kid(), entry.verifyToken(), model);
      if (refusal.isPresent()) {
        return new Verdict(false, refusal.get(), null);
      }
    }
    boolean verified = verification != null && verification.verified();
    return new Verdict(
        verified,
        verification == null || verified ? null : verification.reason(),
        verified ? verification.issuer() : null);
  }

  /**
   * What a row stores of an entry that depends on the entry alone: {@code json}, the entry as the
   * API shows it, and {@code sha256}, the SHA-256 (64 hex digits) of its canonical JSON (RFC 8785).
   */
  public record EntryForm(String json, String sha256) {}

  /** The {@link EntryForm} of {@code entry}. */
  public static EntryForm form(ResultEntry entry) {
    Map<String, Object> data = ResultEntries.toTree(entry);
    return new EntryForm(json(data), CanonicalJson.sha256Hex(data));
  }

  /**
   * The row of entry {@code index} of file {@code path} on {@code ref} of the model {@code model},
   * with what its per-sample {@code details} gave (null: it states none).
   */
  public ResultRow row(
      String repoKey,
      RepoId model,
      String ref,
      Integer prNumber,
      String path,
      int index,
      ResultEntry entry,
      CommitInfo commit,
      DetailsRead details) {
    return row(repoKey, model, ref, prNumber, path, index, entry, form(entry), commit, details);
  }

  /** {@link #row} with the entry's {@link EntryForm} already known ({@link #form}). */
  public ResultRow row(
      String repoKey,
      RepoId model,
      String ref,
      Integer prNumber,
      String path,
      int index,
      ResultEntry entry,
      EntryForm form,
      CommitInfo commit,
      DetailsRead details) {
    Verdict verdict = verdict(model, entry);
    return new ResultRow(
        repoKey,
        ref,
        path,
        index,
        prNumber,
        commit,
        IndexKey.ofDataset(entry.dataset().id()).value(),
        entry.dataset().taskId(),
        entry.value(),
        entry.stderr(),
        entry.date(),
        effectiveTime(entry.date(), commit.timeMillis()),
        entry.source() == null ? null : entry.source().url(),
        sourceLabel(entry.source()),
        entry.notes(),
        verdict.verified(),
        verdict.reason(),
        verdict.issuer(),
        entry.methodology() == null ? null : entry.methodology().sha256(),
        MethodologyGroup.keyOf(entry.methodology()),
        form.sha256(),
        form.json(),
        entry.numSamples(),
        details,
        entry.methodology() == null ? null : entry.methodology().string("task_version"));
  }

  /** The source badge's label: {@code source.name}, else the URL's host. */
  static String sourceLabel(ResultEntry.Source source) {
    if (source == null) {
      return null;
    }
    if (source.name() != null && !source.name().isBlank()) {
      return source.name();
    }
    try {
      String host = URI.create(source.url()).getHost();
      return host == null ? source.url() : host;
    } catch (IllegalArgumentException e) {
      return source.url();
    }
  }

  /**
   * The entry's date in epoch milliseconds (a date counts from its midnight UTC), else the commit's
   * time.
   */
  static long effectiveTime(String date, long commitTime) {
    if (date == null) {
      return commitTime;
    }
    try {
      if (date.length() <= 10) {
        return LocalDate.parse(date).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      try {
        return OffsetDateTime.parse(date).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    } catch (DateTimeParseException e) {
      return commitTime;
    }
  }

  private static String json(Map<String, Object> data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plain map always serialises", e);
    }
  }
}
