package dev.evalhub.index.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.storage.Storage;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * The last check of a token that verified (docs/RUNNER.md, "What verified means here"): when one of
 * this hub's own keys signed it and it names a {@code job}, that job must be recorded in this hub's
 * {@code admin.git} and must have evaluated the model that holds the result. A token of a trusted
 * external issuer names a job of that hub, which this one cannot look up: it is left as verified.
 * Job records are never deleted, so a rebuild gives the same answer. Thread-safe.
 */
public final class JobClaims implements ResultRows.JobCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Storage storage;

  public JobClaims(Storage storage) {
    this.storage = storage;
  }

  @Override
  public Optional<String> refusal(String kid, String token, RepoId model) {
    Optional<String> job = jobClaim(token);
    if (job.isEmpty() || kid == null || storage.hubKeys().find(kid).isEmpty()) {
      return Optional.empty();
    }
    Optional<Job> recorded =
        JobId.isJobId(job.get()) ? storage.jobs().get(new JobId(job.get())) : Optional.empty();
    if (recorded.isEmpty()) {
      return Optional.of(
          "the token names the job " + job.get() + ", of which this hub has no record");
    }
    if (!recorded.get().model().fullName().equalsIgnoreCase(model.fullName())) {
      return Optional.of(
          "the token names the job "
              + job.get()
              + ", which evaluated "
              + recorded.get().model().fullName()
              + ", not "
              + model.fullName());
    }
    return Optional.empty();
  }

  /** The {@code job} claim of a compact JWS whose signature was checked already. */
  static Optional<String> jobClaim(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode job = claims.get("job");
      return job != null && job.isTextual() ? Optional.of(job.asText()) : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
