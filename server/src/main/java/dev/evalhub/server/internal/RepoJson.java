package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.ResolvedRevision;
import dev.evalhub.domain.repo.TreeEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * JSON shapes of the Hub's API: a repository as model and dataset info and listings show it (the
 * fields the JS client reads, {@code _id, id, private, gated, downloads, likes, lastModified}, plus
 * {@code sha}, {@code siblings} and the tags evalhub derives from the root folder: {@code
 * benchmark} for a dataset with {@code eval.yaml}, {@code eval-results} for a repository with
 * {@code .eval_results/}; evalhub counts no downloads or likes: 0), and a file or folder as tree
 * listings and paths-info show it ({@code {type, oid, size, path}}). A read-only mirror of another
 * hub's repository adds {@code origin}, the URL of that repository (as on a leaderboard row); a
 * repository of this hub's own has no {@code origin} key. Stateless.
 */
final class RepoJson {

  static final String BENCHMARK_TAG = "benchmark";
  static final String EVAL_RESULTS_TAG = "eval-results";

  private RepoJson() {}

  static List<String> tags(RepoInfo repo, List<TreeEntry> rootEntries) {
    List<String> tags = new ArrayList<>();
    boolean hasEvalYaml =
        rootEntries.stream()
            .anyMatch(e -> e.type() == TreeEntry.Type.FILE && e.path().equals("eval.yaml"));
    if (repo.id().type() == RepoType.DATASET && hasEvalYaml) {
      tags.add(BENCHMARK_TAG);
    }
    if (rootEntries.stream()
        .anyMatch(e -> e.type() == TreeEntry.Type.DIRECTORY && e.path().equals(".eval_results"))) {
      tags.add(EVAL_RESULTS_TAG);
    }
    return tags;
  }

  static Map<String, Object> entry(TreeEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", entry.type().name().toLowerCase(Locale.ROOT));
    json.put("oid", entry.objectId());
    json.put("size", entry.size());
    json.put("path", entry.path());
    return json;
  }

  /**
   * Adds what the Hub lifts from the card: {@code pipeline_tag} and {@code library_name} when the
   * card names them, and, when asked, {@code cardData} (the whole front matter, absent without one)
   * and, for a model, {@code model-index} (null without one, as the Hub sends it).
   */
  static void addCard(
      Map<String, Object> json,
      RepoInfo repo,
      RepoCard card,
      boolean cardData,
      boolean modelIndex) {
    if (repo.id().type() == RepoType.MODEL) {
      card.string("pipeline_tag").ifPresent(tag -> json.put("pipeline_tag", tag));
      card.string("library_name").ifPresent(library -> json.put("library_name", library));
      if (modelIndex) {
        json.put("model-index", card.modelIndexJson());
      }
    }
    if (cardData) {
      card.json().ifPresent(data -> json.put("cardData", data));
    }
  }

  /**
   * The object; {@code files} (every file of the revision) become {@code siblings} when present.
   */
  static Map<String, Object> of(
      RepoInfo repo,
      ResolvedRevision revision,
      List<String> tags,
      Optional<List<TreeEntry>> files) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("_id", repo.id().urlPath());
    json.put("id", repo.id().fullName());
    if (repo.id().type() == RepoType.MODEL) {
      json.put("modelId", repo.id().fullName());
    }
    json.put("author", repo.id().namespace());
    json.put("private", repo.isPrivate());
    json.put("gated", false);
    json.put("disabled", false);
    json.put("downloads", 0);
    json.put("likes", 0);
    json.put("lastModified", revision.time().toString());
    json.put("sha", revision.commitId());
    json.put("tags", tags);
    repo.mirrorOf().ifPresent(origin -> json.put("origin", origin));
    files.ifPresent(
        entries ->
            json.put(
                "siblings",
                entries.stream()
                    .filter(e -> e.type() == TreeEntry.Type.FILE)
                    .map(e -> Map.of("rfilename", e.path()))
                    .toList()));
    return json;
  }
}
