package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.MethodologySpread;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's methodology spread on one task: {@code datasetId, taskId, common, differing, results}
 * where each result is {@code value, stderr?, n?, date?, provenance (verified | main |
 * pull-request), verified, filename, pullRequest?, group, methodology, differs}; {@code differs}
 * holds the result's own values of the differing keys (a key it does not state is absent). Absent
 * values are absent keys. Stateless.
 */
final class SpreadJson {

  private SpreadJson() {}

  static Map<String, Object> spread(MethodologySpread spread) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("datasetId", spread.datasetId());
    json.put("taskId", spread.taskId());
    json.put("common", spread.common());
    json.put("differing", spread.differing());
    json.put("results", spread.measurements().stream().map(m -> measurement(spread, m)).toList());
    return json;
  }

  private static Map<String, Object> measurement(
      MethodologySpread spread, MethodologySpread.Measurement m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("value", m.value());
    m.stderr().ifPresent(stderr -> json.put("stderr", stderr));
    m.numSamples().ifPresent(n -> json.put("n", n));
    m.date().ifPresent(date -> json.put("date", date));
    json.put("provenance", m.provenance().id());
    json.put("verified", m.verdict().verified());
    json.put("filename", m.location().filename());
    m.location().pullRequest().ifPresent(pr -> json.put("pullRequest", pr.value()));
    json.put("group", m.group().values());
    json.put("methodology", m.methodology());
    Map<String, Object> differs = new LinkedHashMap<>();
    spread.differing().forEach(key -> differs.put(key, m.methodology().get(key)));
    json.put("differs", differs);
    return json;
  }
}
