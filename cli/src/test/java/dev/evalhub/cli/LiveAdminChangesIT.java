package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.index.HubKeys;
import dev.evalhub.index.Index;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.IndexTables;
import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.ResultsFileSigner;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line changes in a data folder while a server runs on it (the command opens its
 * own storage, as another process does) shows in the server's API within a second, and the server's
 * index stays equal to a rebuild after each step.
 */
class LiveAdminChangesIT {

  /**
   * The bound asserted. The hub looks every 200 ms, so a change shows within a second on a quiet
   * machine (each wait prints how long it took); CI shares two cores with the whole suite, so the
   * assertion leaves room for a pause of the JVM instead of failing on the clock.
   */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  Path data;
  TestHub hub;
  HubServer server;
  HubApi api;
  int rebuilds;

  @BeforeEach
  void start() throws Exception {
    data = temp.resolve("data");
    cli("user", "create", "alice");
    cli("user", "create", "bob");
    hub = new TestHub(data);
    server = hub.server();
    api = hub.api();
    // Warm-up (first requests of a JVM), so that the deadlines below measure the server, not the
    // JIT.
    await("the server answers", Duration.ofSeconds(30), () -> status("/health", null) == 200);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void repositoriesCreatedByTheCommandLineAreServedAndIndexedWithinASecond() throws Exception {
    cli("repo", "create", "alice/gpt");
    cli("repo", "create", "--type", "dataset", "alice/bench");

    await("the new model is served", () -> status("/api/models/alice/gpt", null) == 200);
    await(
        "the new dataset is indexed", () -> indexedRepositories().contains("datasets/alice/bench"));
    assertIndexEqualsReindex();

    // Another process commits a benchmark definition: its event reaches the server's index with no
    // event of its own.
    try (Storage other = Storage.open(data, StorageOptions.DEFAULT)) {
      commit(other, "datasets/alice/bench", "eval.yaml", evalYaml());
    }
    await(
        "the benchmark's leaderboard",
        () -> status("/api/datasets/alice/bench/leaderboard", null) == 200);
    assertIndexEqualsReindex();
  }

  @Test
  void commandsRunAsAnotherProcessReachTheServerWithinASecond() throws Exception {
    process("repo", "create", "--type", "dataset", "alice/other-process");
    await(
        "the dataset created by another process is indexed",
        () -> indexedRepositories().contains("datasets/alice/other-process"));

    String kid = process("keys", "create").split(" ")[3];
    await("the key made by another process is published", () -> jwksKids().equals(List.of(kid)));
    assertIndexEqualsReindex();
  }

  /**
   * Runs the packaged {@code evalhub} in its own JVM on the data folder; returns what it printed.
   */
  private String process(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "evalhub.jar").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--data", data.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
    return output;
  }

  @Test
  void privateRepositoryMembershipAndRevokedTokenTakeEffectWithinASecond() throws Exception {
    String bob = cli("token", "create", "bob").out().strip();
    cli("org", "create", "acme", "--member", "alice");
    cli("repo", "create", "--private", "acme/secret");
    await("bob is signed in", () -> status("/api/whoami-v2", bob) == 200);
    await(
        "the private model exists for the server",
        () -> indexedRepositories().contains("acme/secret"));
    assertThat(status("/api/models/acme/secret", bob)).as("bob is no member yet").isEqualTo(404);

    cli("org", "add-member", "acme", "bob");
    await(
        "bob reads the organisation's private model",
        () -> status("/api/models/acme/secret", bob) == 200);

    cli("token", "revoke", "bob", bob);
    await("bob's revoked token is refused", () -> status("/api/whoami-v2", bob) == 401);
    assertIndexEqualsReindex();
  }

  @Test
  void keysCreatedRotatedAndRevokedByTheCommandLineApplyToTheRunningServerWithinASecond()
      throws Exception {
    cli("repo", "create", "alice/gpt");
    cli("repo", "create", "--type", "dataset", "alice/bench");
    commit(server.hub().storage(), "datasets/alice/bench", "eval.yaml", evalYaml());
    assertThat(jwksKids()).isEmpty();

    String first = kidOf(cli("keys", "create"));
    // Signed and pushed at once, as a user would: the server may not have read the new key yet.
    pushSigned("first.yaml", "t1", 50, first);
    await("the first key is published", () -> jwksKids().equals(List.of(first)));
    await(
        "the result signed with the new key verifies",
        () -> result("first.yaml").verdict().verified());
    assertIndexEqualsReindex();

    String second = kidOf(cli("keys", "rotate"));
    await("both keys are published", () -> jwksKids().equals(List.of(first, second)));
    pushSigned("second.yaml", "t2", 60, second);
    await(
        "the result signed with the rotated key verifies",
        () -> result("second.yaml").verdict().verified());
    assertThat(result("first.yaml").verdict().verified())
        .as("the old key verifies old tokens until revoked")
        .isTrue();
    assertIndexEqualsReindex();

    cli("keys", "revoke", first);
    await(
        "the revoked key's result is no longer verified",
        () -> !result("first.yaml").verdict().verified());
    assertThat(result("first.yaml").verdict().failure().orElse(null))
        .contains("the token is signed with the key " + first + ", which was revoked at")
        .contains("by evalhub and is no longer trusted");
    // The server re-verifies, then publishes the new key set: the JWKS may follow a moment later.
    await("the revoked key leaves the JWKS", () -> jwksKids().equals(List.of(second)));
    assertThat(result("second.yaml").verdict().verified()).isTrue();
    assertIndexEqualsReindex();
    assertThat(cli("keys", "list").out())
        .contains(first + "\trevoked\tevalhub\t")
        .contains(second + "\tsigning\tevalhub\t");
  }

  @Test
  void anExternalIssuerTrustedAndDroppedByTheCommandLineAppliesWithinASecond() throws Exception {
    cli("repo", "create", "alice/gpt");
    cli("repo", "create", "--type", "dataset", "alice/bench");
    commit(server.hub().storage(), "datasets/alice/bench", "eval.yaml", evalYaml());
    SigningKey external = SigningKey.generate("https://evals.example");
    Path jwks = temp.resolve("evals-example.json");
    Files.writeString(jwks, Jwks.of(external.publicJwk()).toJson());
    String text =
        new ResultsFileSigner(new TokenSigner(external), server.hub().storage().options().formats())
            .sign("- dataset:\n    id: alice/bench\n    task_id: t1\n  value: 70\n", "alice/gpt")
            .value()
            .orElseThrow();
    commit(server.hub().storage(), "alice/gpt", ".eval_results/external.yaml", text);
    assertThat(result("external.yaml").verdict().failure().orElse(null))
        .contains("not a key of any trusted issuer");

    cli("keys", "trust", "https://evals.example", jwks.toString());
    await(
        "the trusted issuer's result verifies", () -> result("external.yaml").verdict().verified());
    assertThat(cli("keys", "list").out()).contains("issuer\thttps://evals.example\t1 key(s)\t");
    assertIndexEqualsReindex();

    cli("keys", "untrust", "https://evals.example");
    await(
        "the dropped issuer's result is no longer verified",
        () -> !result("external.yaml").verdict().verified());
    assertThat(jwksKids()).as("external keys are never the hub's own").isEmpty();
    assertIndexEqualsReindex();
  }

  @Test
  void revokingAnUnknownOrRevokedKeyCreatingASecondFirstKeyAndTrustingBadKeysAreRefused()
      throws Exception {
    String kid = kidOf(cli("keys", "create"));

    CommandRun again = CommandRun.of("keys", "create", "--data", data.toString());
    CommandRun unknown = CommandRun.of("keys", "revoke", "nosuchkid", "--data", data.toString());
    cli("keys", "revoke", kid);
    CommandRun twice = CommandRun.of("keys", "revoke", kid, "--data", data.toString());
    CommandRun badKid = CommandRun.of("keys", "revoke", "../../x", "--data", data.toString());
    Path hmacKeys = temp.resolve("hmac.json");
    Files.writeString(hmacKeys, "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}]}");
    CommandRun badJwks =
        CommandRun.of(
            "keys", "trust", "https://x.example", hmacKeys.toString(), "--data", data.toString());
    CommandRun missingJwks =
        CommandRun.of(
            "keys",
            "trust",
            "https://x.example",
            temp.resolve("none.json").toString(),
            "--data",
            data.toString());
    CommandRun ownIssuer =
        CommandRun.of("keys", "trust", "evalhub", hmacKeys.toString(), "--data", data.toString());
    CommandRun untrustUnknown =
        CommandRun.of("keys", "untrust", "https://x.example", "--data", data.toString());

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("active signing key already");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no key with the id \"nosuchkid\"");
    assertThat(twice.exitCode()).isEqualTo(1);
    assertThat(twice.err()).contains("was revoked already");
    assertThat(badKid.exitCode()).isEqualTo(1);
    assertThat(badKid.err()).contains("no key with the id \"../../x\"");
    assertThat(badJwks.exitCode()).isEqualTo(1);
    assertThat(badJwks.err()).contains("hmac.json: ").contains("oct");
    assertThat(missingJwks.exitCode()).isEqualTo(1);
    assertThat(missingJwks.err()).contains("cannot read");
    assertThat(ownIssuer.exitCode()).isEqualTo(1);
    assertThat(ownIssuer.err()).contains("is the issuer of this hub's own keys");
    assertThat(untrustUnknown.exitCode()).isEqualTo(1);
    assertThat(untrustUnknown.err()).contains("is not a trusted issuer");
    assertThat(cli("keys", "list").out()).doesNotContain("issuer\t");
  }

  private CommandRun cli(String... args) {
    CommandRun run = CommandRun.onData(data, args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run;
  }

  private static String kidOf(CommandRun created) {
    return created.out().split(" ")[3];
  }

  private void pushSigned(String file, String task, double value, String expectedKid)
      throws Exception {
    Path path = temp.resolve(file);
    Files.writeString(
        path,
        "- dataset:\n    id: alice/bench\n    task_id: " + task + "\n  value: " + value + "\n");
    assertThat(cli("sign", "--model", "alice/gpt", path.toString()).out())
        .endsWith("with key " + expectedKid + "\n");
    commit(server.hub().storage(), "alice/gpt", ".eval_results/" + file, Files.readString(path));
  }

  private EvalResult.Valid result(String file) {
    return server
        .hub()
        .index()
        .evalResults(RepoId.parsePath("alice/gpt").orElseThrow(), benchmark -> true)
        .stream()
        .filter(r -> r.location().filename().equals(".eval_results/" + file))
        .map(r -> (EvalResult.Valid) r)
        .findFirst()
        .orElseThrow();
  }

  /** The kids of the hub's JWKS, once both of its addresses answer the same document. */
  private List<String> jwksKids() throws Exception {
    JsonNode api = JSON.readTree(get("/api/keys/jwks.json", null).body());
    JsonNode wellKnown = JSON.readTree(get("/.well-known/jwks.json", null).body());
    if (!wellKnown.equals(api)) {
      return List.of("(the two addresses differ: a change is being applied)");
    }
    return StreamSupport.stream(api.get("keys").spliterator(), false)
        .map(k -> k.get("kid").asText())
        .toList();
  }

  private static void commit(Storage storage, String repo, String path, String content) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    CommitResult result =
        TestStorage.commitFile(storage, id, path, content, "add " + path, "alice");
    assertThat(result.isCommitted()).as(result.toString()).isTrue();
  }

  private static String evalYaml() {
    return "name: Bench\ndescription: test benchmark\nevaluation_framework: lm-evaluation-harness\ntasks:\n"
        + "  - id: t1\n  - id: t2\n";
  }

  private int status(String path, String token) throws Exception {
    return get(path, token).status();
  }

  private HubApi.Response get(String path, String token) {
    return api.get(path, token);
  }

  /** Polls {@code condition} until it holds, failing after {@link #WITHIN}. */
  private static void await(String what, Callable<Boolean> condition) throws Exception {
    await(what, WITHIN, condition);
  }

  private static void await(String what, Duration within, Callable<Boolean> condition)
      throws Exception {
    long started = System.nanoTime();
    long deadline = started + within.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + within);
      }
      Thread.sleep(20);
    }
    long took = (System.nanoTime() - started) / 1_000_000;
    System.out.println("LiveAdminChangesIT: " + what + " after " + took + " ms");
  }

  private List<String> indexedRepositories() throws Exception {
    return dump(Index.defaultUrl(data)).stream()
        .filter(r -> r.startsWith("repositories "))
        .map(r -> r.replaceAll("^repositories \\| repo_key=([^ ]*) .*$", "$1"))
        .toList();
  }

  /** The server's index equals one rebuilt from the data folder with the keys recorded now. */
  private void assertIndexEqualsReindex() throws Exception {
    List<String> live = dump(Index.defaultUrl(data));
    String url = "jdbc:h2:file:" + temp.resolve("rebuild-" + (++rebuilds)).resolve("evalhub");
    try (Storage other = Storage.open(data, StorageOptions.DEFAULT);
        Index rebuilt = Index.open(url, other, HubKeys.load(other, Map.of()).trusted())) {
      rebuilt.ingestion().reindex(ReindexProgress.NONE);
    }
    assertThat(dump(url)).containsExactlyElementsOf(live);
  }

  /** The index's rows but the failures' (which a rebuild records anew). */
  private static List<String> dump(String url) {
    return IndexTables.at(url).without("ref_failures").dump();
  }
}
