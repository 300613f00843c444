package dev.evalhub.verification;

import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The claims of a verification token (hub-api.md, "verifyToken"): who signed, when, which model,
 * which benchmark task and value, and, when known, the revisions and hashes that pin how the value
 * was produced. Optional claims are null when unknown and then left out of the token. Immutable.
 *
 * @param iss the issuer id
 * @param iat when the token was issued, in seconds since the epoch
 * @param jti a unique token id
 * @param sub the model repository id that holds the result
 */
public record TokenClaims(
    String iss,
    long iat,
    String jti,
    String sub,
    String dataset,
    String taskId,
    double value,
    String datasetRevision,
    String modelRevision,
    String methodologySha256,
    String detailsSha256,
    String framework,
    String frameworkVersion,
    String job) {

  public TokenClaims {
    requireText(iss, "iss");
    requireText(jti, "jti");
    requireText(sub, "sub");
    requireText(dataset, "dataset");
    requireText(taskId, "task_id");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, got " + value);
    }
  }

  /**
   * The claims that attest {@code entry} in the model repository {@code repoId}: everything the
   * entry pins is claimed, so that editing any of it afterwards breaks the token. {@code job} is
   * left unknown.
   */
  public static TokenClaims forEntry(
      String issuer, String repoId, ResultEntry entry, Instant issuedAt) {
    Methodology methodology = entry.methodology();
    return new TokenClaims(
        issuer,
        issuedAt.getEpochSecond(),
        UUID.randomUUID().toString(),
        repoId,
        entry.dataset().id(),
        entry.dataset().taskId(),
        entry.value(),
        entry.dataset().revision(),
        methodology == null ? null : methodology.string("model_revision"),
        methodology == null ? null : methodology.sha256(),
        entry.details() == null ? null : entry.details().sha256(),
        methodology == null ? null : methodology.framework(),
        methodology == null ? null : methodology.string("framework_version"),
        null);
  }

  /** These claims with the id of the evaluation job that produced the result. */
  public TokenClaims withJob(String newJob) {
    return new TokenClaims(
        iss,
        iat,
        jti,
        sub,
        dataset,
        taskId,
        value,
        datasetRevision,
        modelRevision,
        methodologySha256,
        detailsSha256,
        framework,
        frameworkVersion,
        newJob);
  }

  /**
   * These claims pinning the model repository's commit {@code newModelRevision} and the benchmark
   * dataset's commit {@code newDatasetRevision} (each null: keep what the entry said), as the hub's
   * runner knows them from the job that checked them out.
   */
  public TokenClaims withRevisions(String newModelRevision, String newDatasetRevision) {
    return new TokenClaims(
        iss,
        iat,
        jti,
        sub,
        dataset,
        taskId,
        value,
        newDatasetRevision == null ? datasetRevision : newDatasetRevision,
        newModelRevision == null ? modelRevision : newModelRevision,
        methodologySha256,
        detailsSha256,
        framework,
        frameworkVersion,
        job);
  }

  /** The JSON members, in a fixed order, unknown claims left out. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", iss);
    json.put("iat", iat);
    json.put("jti", jti);
    json.put("sub", sub);
    json.put("dataset", dataset);
    json.put("task_id", taskId);
    json.put("value", value);
    putIfKnown(json, "dataset_revision", datasetRevision);
    putIfKnown(json, "model_revision", modelRevision);
    putIfKnown(json, "methodology_sha256", methodologySha256);
    putIfKnown(json, "details_sha256", detailsSha256);
    putIfKnown(json, "framework", framework);
    putIfKnown(json, "framework_version", frameworkVersion);
    putIfKnown(json, "job", job);
    return json;
  }

  private static void putIfKnown(Map<String, Object> json, String name, String value) {
    if (value != null) {
      json.put(name, value);
    }
  }

  private static void requireText(String value, String claim) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "claim " + claim + " must not be blank, got \"" + value + "\"");
    }
  }
}
