package dev.evalhub.cli;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.service.EvalHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data of {@code evalhub serve --demo}: an organisation {@code demo} with three benchmarks,
 * four models (one private, one fine-tuned from another) and their results, one of them signed by
 * the hub's key. Everything is made through the server-side commit API, the path a user's commit
 * takes, and every README says it is demo data. Seeding is skipped when the {@code demo}
 * organisation exists, so a restart changes nothing.
 */
final class DemoHub {

  static final String ORG = "demo";
  private static final String BOT = "demo-bot";
  private static final String NOTE =
      "Demo data seeded by `evalhub serve --demo`: not real results.";

  private DemoHub() {}

  /** Creates the hub's signing key when there is none, before the server loads its trusted keys. */
  static void prepareKey(Path dataDir) {
    try (EvalHub hub = EvalHub.openAdministration(dataDir)) {
      hub.keys().ensureSigningKeyAsAdministrator();
    }
  }

  /** Seeds {@code hub} (a server's, so that the index follows). */
  static void seed(EvalHub hub) {
    if (hub.accounts().namespaceExists(ORG)) {
      return;
    }
    hub.accounts().createUserAsAdministrator(BOT);
    hub.accounts().createOrgAsAdministrator(ORG, List.of(BOT));
    benchmark(
        hub, "mmlu-mini", "A five-subject slice of MMLU.", "mmlu_stem", "mmlu_humanities", "");
    benchmark(hub, "gsm-mini", "Grade-school maths word problems.", "gsm8k", null, "");
    benchmark(
        hub,
        "asr-mini",
        "Speech recognition; the value is a word error rate.",
        "wer",
        null,
        "evalhub:\n  tasks:\n    wer:\n      metric:\n        name: wer\n        higher_is_better: false\n");
    model(
        hub,
        "alpha-7b",
        false,
        null,
        results(
                "mmlu-mini",
                "mmlu_stem",
                61.2,
                "  methodology:\n" + "    framework: lm-evaluation-harness\n    num_fewshot: 5\n")
            + results(
                "mmlu-mini",
                "mmlu_stem",
                58.0,
                "  methodology:\n    framework: lm-evaluation-harness\n" + "    num_fewshot: 0\n")
            + results(
                "gsm-mini", "gsm8k", 41.5, "  source:\n    url: https://example.org/alpha-logs\n")
            + results("asr-mini", "wer", 12.4, ""),
        true);
    model(
        hub,
        "beta-13b",
        false,
        null,
        results(
                "mmlu-mini",
                "mmlu_stem",
                66.9,
                "  methodology:\n" + "    framework: lm-evaluation-harness\n    num_fewshot: 5\n")
            + results(
                "gsm-mini",
                "gsm8k",
                55.0,
                "  source:\n    url: https://example.org/beta\n    name: Beta paper\n")
            + results("asr-mini", "wer", 9.8, ""),
        false);
    model(
        hub,
        "gamma-7b-instruct",
        false,
        "demo/alpha-7b",
        results(
                "mmlu-mini",
                "mmlu_stem",
                63.0,
                "  methodology:\n    framework: lm-evaluation-harness\n    num_fewshot: 5\n")
            + results("gsm-mini", "gsm8k", 55.0, ""),
        false);
    model(
        hub,
        "delta-private",
        true,
        null,
        results("gsm-mini", "gsm8k", 99.0, "  notes: private\n"),
        false);
  }

  private static void benchmark(
      EvalHub hub, String name, String description, String task1, String task2, String extension) {
    RepoId id = new RepoId(dev.evalhub.domain.RepoType.DATASET, ORG, name);
    hub.repositories().createAsAdministrator(id, false);
    String evalYaml =
        "name: "
            + name
            + " (demo)\ndescription: \""
            + description
            + " "
            + NOTE
            + "\"\n"
            + "evaluation_framework: lm-evaluation-harness\ntasks:\n  - id: "
            + task1
            + "\n"
            + (task2 == null ? "" : "  - id: " + task2 + "\n")
            + extension;
    commit(
        hub,
        id,
        List.of(put("eval.yaml", evalYaml), put("README.md", "# " + name + "\n\n" + NOTE + "\n")));
  }

  private static void model(
      EvalHub hub,
      String name,
      boolean isPrivate,
      String baseModel,
      String results,
      boolean signed) {
    RepoId id = new RepoId(dev.evalhub.domain.RepoType.MODEL, ORG, name);
    hub.repositories().createAsAdministrator(id, isPrivate);
    String readme =
        "---\n"
            + (baseModel == null ? "" : "base_model: " + baseModel + "\n")
            + "---\n# "
            + name
            + "\n\n"
            + NOTE
            + "\n";
    List<FileChange> changes = new ArrayList<>();
    changes.add(put("README.md", readme));
    changes.add(put(".eval_results/results.yaml", results));
    commit(hub, id, changes);
    if (signed) {
      commit(
          hub,
          id,
          List.of(
              put(
                  ".eval_results/verified.yaml",
                  sign(
                      hub,
                      id,
                      results("gsm-mini", "gsm8k", 43.0, "  notes: signed by this hub's key\n")))));
    }
  }

  private static String sign(EvalHub hub, RepoId id, String text) {
    return hub.keys()
        .sign(hub.keys().signingKey(), text, id.fullName())
        .value()
        .orElseThrow(() -> new IllegalStateException("the demo results file does not sign"));
  }

  private static String results(String dataset, String task, double value, String extra) {
    return "- dataset:\n    id: "
        + ORG
        + "/"
        + dataset
        + "\n    task_id: "
        + task
        + "\n  value: "
        + value
        + "\n"
        + extra;
  }

  private static FileChange put(String path, String content) {
    return FileChange.put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void commit(EvalHub hub, RepoId id, List<FileChange> changes) {
    CommitResult result =
        hub.commits()
            .commitAsAdministrator(
                id,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    changes,
                    "demo data",
                    new AccountName(BOT)));
    if (!result.isCommitted()) {
      throw new IllegalStateException("demo commit to " + id + " refused: " + result);
    }
  }
}
