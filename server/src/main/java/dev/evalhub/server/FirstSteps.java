package dev.evalhub.server;

import java.util.List;
import java.util.Objects;

/**
 * The first steps on a hub without a benchmark, as copy-paste commands with this hub's URL and data
 * folder: create the first account and its token, push a benchmark, import an evaluation log. The
 * same steps are printed by {@code evalhub serve} at start and shown on the empty home page.
 * Immutable; thread-safe.
 *
 * @param hubUrl the hub's URL as a client reaches it ({@code http://127.0.0.1:8080}), no trailing
 *     slash
 * @param dataDir the data folder the administration commands must name, as the server was given it
 */
public record FirstSteps(String hubUrl, String dataDir) {

  /** The benchmark of the example: an lm-evaluation-harness task mapped by {@code sources}. */
  public static final String EVAL_YAML =
      """
      name: MMLU
      description: Multiple-choice questions in 57 subjects, scored by lm-evaluation-harness.
      evaluation_framework: lm-evaluation-harness
      tasks:
        - id: mmlu
      evalhub:
        tasks:
          mmlu:
            sources:
              - framework: lm-evaluation-harness
                task: mmlu
                metric: "acc,none"
      """;

  /** One step: what it does, the commands to paste, and what to do next (may be empty). */
  public record Step(String title, String commands, String then) {
    public Step {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(commands, "commands");
      Objects.requireNonNull(then, "then");
    }
  }

  public FirstSteps {
    Objects.requireNonNull(hubUrl, "hubUrl");
    Objects.requireNonNull(dataDir, "dataDir");
    hubUrl = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
  }

  /**
   * The URL a client of a server listening on {@code host}:{@code port} uses from the same machine:
   * a wildcard address becomes loopback, an IPv6 literal is bracketed.
   */
  public static String localUrl(String host, int port) {
    String reachable =
        switch (host) {
          case "0.0.0.0", "", "*" -> "127.0.0.1";
          case "::", "[::]", "::0" -> "[::1]";
          default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    return "http://" + reachable + ":" + port;
  }

  /** The three steps, in order. */
  public List<Step> steps() {
    String data = " --data " + shellWord(dataDir);
    return List.of(
        new Step(
            "Create the first account and its token (on the hub's machine)",
            "./evalhub user create alice"
                + data
                + "\nTOKEN=$(./evalhub token create alice"
                + data
                + ")",
            "Sign in on " + hubUrl + "/login with that token (echo $TOKEN)."),
        new Step(
            "Push a benchmark: a dataset repository with an eval.yaml",
            "./evalhub repo create alice/mmlu --type dataset"
                + data
                + "\ngit clone "
                + withToken(hubUrl, "$TOKEN")
                + "/datasets/alice/mmlu && cd mmlu\ncat > eval.yaml <<'YAML'\n"
                + EVAL_YAML
                + "YAML\ngit add eval.yaml && git commit -m \"Add the benchmark\" && git push && cd ..",
            "Its leaderboard: " + hubUrl + "/datasets/alice/mmlu"),
        new Step(
            "Import an evaluation log (lm-evaluation-harness results_*.json and samples_*.jsonl)",
            "./evalhub repo create alice/my-model"
                + data
                + "\n./evalhub import --model alice/my-model --hub "
                + hubUrl
                + " --token $TOKEN results_*.json samples_mmlu_*.jsonl",
            "Or sign in and use \"Add results from evaluation logs\" on "
                + hubUrl
                + "/alice/my-model"));
  }

  /**
   * The steps as {@code evalhub serve} prints them, ending with a newline: shell text, the titles
   * and hints as comments, the commands unindented (a here-document's end must start its line).
   */
  public String banner() {
    StringBuilder text =
        new StringBuilder(
            "\nThis hub has no benchmark yet. Start here (copy and paste into a shell):\n");
    int number = 1;
    for (Step step : steps()) {
      text.append("\n# ").append(number++).append(". ").append(step.title()).append('\n');
      text.append(step.commands()).append('\n');
      if (!step.then().isEmpty()) {
        text.append("# ").append(step.then()).append('\n');
      }
    }
    return text.append('\n').toString();
  }

  /** {@code http://host:port} → {@code http://x:TOKEN@host:port}: git's credentials in the URL. */
  private static String withToken(String url, String token) {
    int scheme = url.indexOf("://");
    return scheme < 0
        ? url
        : url.substring(0, scheme + 3) + "x:" + token + "@" + url.substring(scheme + 3);
  }

  /** The folder as one shell word: quoted when it holds anything but plain path characters. */
  private static String shellWord(String text) {
    return text.matches("[A-Za-z0-9_./:+@=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }
}
