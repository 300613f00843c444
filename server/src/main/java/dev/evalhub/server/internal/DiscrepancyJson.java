package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.ModelDiscrepancy;
import dev.evalhub.domain.leaderboard.Trust;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discrepancies in JSON (issue 14): a discrepancy is {@code source, other, difference, threshold,
 * basis} ({@code basis}: {@code stderr}, {@code tolerance} or {@code precision}); a source is
 * {@code filename, pullRequest?, modelCard, value, stderr?, stderrSource?, url} ({@code url}: the
 * hub page of its pull request, else of its file on {@code main}, relative to the hub). A
 * benchmark's discrepancy adds {@code modelId, taskId, group} (the methodology group's key) and
 * {@code groupLabel}. Stateless.
 */
final class DiscrepancyJson {

  private DiscrepancyJson() {}

  /** One discrepancy of {@code GET /api/datasets/{ns}/{name}/discrepancies}. */
  static Map<String, Object> of(ModelDiscrepancy found) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("modelId", found.model().fullName());
    json.put("taskId", found.task().taskId());
    json.put("group", found.group().key());
    json.put("groupLabel", found.group().label());
    json.putAll(discrepancy(found.model(), found.discrepancy()));
    return json;
  }

  /** One discrepancy of a leaderboard row of {@code model}. */
  static Map<String, Object> discrepancy(RepoId model, Trust.Discrepancy d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", source(model, d.source()));
    json.put("other", source(model, d.other()));
    json.put("difference", d.difference());
    json.put("threshold", d.threshold());
    json.put("basis", d.basis().id());
    return json;
  }

  private static Map<String, Object> source(RepoId model, Trust.Source source) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("filename", source.location().filename());
    source.location().pullRequest().ifPresent(pr -> json.put("pullRequest", pr.value()));
    json.put("modelCard", source.modelCard());
    json.put("value", source.value());
    source.stderr().ifPresent(se -> json.put("stderr", se));
    source.stderrSource().ifPresent(s -> json.put("stderrSource", s.id()));
    String base = "/" + model.urlPath();
    json.put(
        "url",
        source
            .location()
            .pullRequest()
            .map(pr -> base + "/discussions/" + pr.value())
            .orElse(base + "/blob/main/" + source.location().filename()));
    return json;
  }
}
