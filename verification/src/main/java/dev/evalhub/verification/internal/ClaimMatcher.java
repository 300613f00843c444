package dev.evalhub.verification.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.formats.model.ResultEntry;

/**
 * Checks a signed token's claims against the entry it accompanies and the repository that holds it
 * (hub-api.md, "verifyToken"). Stateless.
 *
 * <p>Repository and dataset ids compare case-insensitively, as the Hub treats them; task ids,
 * revisions and the value compare exactly; hashes compare as hex, ignoring case. A revision or hash
 * claim is checked when both the token and the entry have one; a token that pins a methodology
 * cannot verify an entry that has none.
 */
public final class ClaimMatcher {

  private ClaimMatcher() {}

  /**
   * @throws Rejection naming the first claim that does not match
   */
  public static void check(ObjectNode claims, String repoId, ResultEntry entry) throws Rejection {
    String sub = requiredString(claims, "sub");
    if (!sub.equalsIgnoreCase(repoId)) {
      throw new Rejection(
          "the token was issued for the model "
              + sub
              + " (sub), but this result is in "
              + repoId
              + ": a token cannot be copied to another model");
    }
    String dataset = requiredString(claims, "dataset");
    if (!dataset.equalsIgnoreCase(entry.dataset().id())) {
      throw new Rejection(
          "the token is for the dataset "
              + dataset
              + ", but the entry names "
              + entry.dataset().id());
    }
    String taskId = requiredString(claims, "task_id");
    if (!taskId.equals(entry.dataset().taskId())) {
      throw new Rejection(
          "the token is for the task "
              + taskId
              + ", but the entry is for the task "
              + entry.dataset().taskId());
    }
    double value = requiredNumber(claims, "value");
    if (value != entry.value()) {
      throw new Rejection(
          "the token attests the value "
              + value
              + ", but the entry states "
              + entry.value()
              + ": the value was changed after signing");
    }
    String datasetRevision = optionalString(claims, "dataset_revision");
    if (datasetRevision != null
        && entry.dataset().revision() != null
        && !datasetRevision.equals(entry.dataset().revision())) {
      throw new Rejection(
          "the token is for the dataset revision "
              + datasetRevision
              + ", but the entry names "
              + entry.dataset().revision());
    }
    checkMethodology(optionalString(claims, "methodology_sha256"), entry);
    String detailsSha256 = optionalString(claims, "details_sha256");
    String entryDetails = entry.details() == null ? null : entry.details().sha256();
    if (detailsSha256 != null
        && entryDetails != null
        && !detailsSha256.equalsIgnoreCase(entryDetails)) {
      throw new Rejection(
          "the token pins details with SHA-256 "
              + detailsSha256
              + ", but the entry's"
              + " details.sha256 is "
              + entryDetails);
    }
  }

  private static void checkMethodology(String claimed, ResultEntry entry) throws Rejection {
    if (claimed == null) {
      return;
    }
    if (entry.methodology() == null) {
      throw new Rejection(
          "the token pins a methodology (methodology_sha256 "
              + claimed
              + "), but the entry has"
              + " no methodology block: it was removed after signing");
    }
    String actual = entry.methodology().sha256();
    if (!claimed.equalsIgnoreCase(actual)) {
      throw new Rejection(
          "the entry's methodology has SHA-256 "
              + actual
              + ", but the token pins "
              + claimed
              + ": the methodology was changed after signing");
    }
  }

  private static String requiredString(ObjectNode claims, String name) throws Rejection {
    String value = optionalString(claims, name);
    if (value == null) {
      throw new Rejection("the token has no " + name + " claim");
    }
    return value;
  }

  private static String optionalString(ObjectNode claims, String name) throws Rejection {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Rejection("the token's " + name + " claim must be a string, found " + node);
    }
    return node.asText();
  }

  private static double requiredNumber(ObjectNode claims, String name) throws Rejection {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      throw new Rejection("the token has no " + name + " claim");
    }
    if (!node.isNumber()) {
      throw new Rejection("the token's " + name + " claim must be a JSON number, found " + node);
    }
    return node.asDouble();
  }
}
