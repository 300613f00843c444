package dev.evalhub.index.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns index rows into the API's records: badges, the entry's data and its methodology. Stateless. */
public final class Views {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Views() {
  }

  public static LeaderboardEntry entry(Ranking.Ranked ranked, String datasetId, String taskId) {
    Candidate c = ranked.candidate();
    return new LeaderboardEntry(ranked.rank(), c.modelId(), c.value(), c.filePath(), c.verified(),
        c.sourceUrl() == null ? null : new LeaderboardEntry.SourceLink(c.sourceUrl(), c.sourceLabel()),
        new LeaderboardEntry.Author(c.ownerIsOrg() ? "org" : "user", c.namespace()), c.prNumber(), c.notes(),
        MethodologyGroup.decode(c.groupKey()), badges(c, datasetId, taskId), data(c).get("methodology"),
        c.stderr(), c.verifyReason());
  }

  public static EvalResult result(IndexQueries.ModelRow row) {
    Candidate c = row.candidate();
    String notOnLeaderboard = null;
    if (!row.benchmarkRegistered()) {
      notOnLeaderboard = "dataset \"" + datasetIdOf(c) + "\" is not a registered benchmark";
    } else if (!row.taskRegistered()) {
      notOnLeaderboard = "\"" + row.taskId() + "\" is not a task of the benchmark " + row.datasetId();
    }
    return new EvalResult(c.filePath(), c.verified(), data(c), c.prNumber(), null,
        badges(c, row.taskRegistered() ? row.datasetId() : null, row.taskId()), c.verifyReason(),
        notOnLeaderboard);
  }

  private static List<Badge> badges(Candidate c, String registeredDataset, String taskId) {
    List<Badge> badges = new ArrayList<>();
    if (c.verified()) {
      badges.add(Badge.verified(c.verifyIssuer()));
    }
    if (!c.onMain()) {
      badges.add(Badge.community(c.prNumber()));
    }
    if (c.sourceUrl() != null) {
      badges.add(Badge.source(c.sourceLabel(), c.sourceUrl()));
    }
    if (registeredDataset != null) {
      badges.add(Badge.leaderboard(registeredDataset, taskId));
    }
    return badges;
  }

  private static String datasetIdOf(Candidate c) {
    Object dataset = data(c).get("dataset");
    return dataset instanceof Map<?, ?> map ? String.valueOf(map.get("id")) : "";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Candidate c) {
    try {
      return JSON.readValue(c.entryJson(), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the index stores only JSON it wrote", e);
    }
  }
}
