// A community contribution with the official client: bob opens a pull request on alice's model with a results
// file, then adds to it; main is untouched until the owner merges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRepo, commit, uploadFile, downloadFile, listFiles, modelInfo, datasetInfo } from "@huggingface/hub";
import { hubUrl, alice, bob } from "../lib/env.mjs";

const model = { type: "model", name: "alice/pr-contrib" };
const as = (accessToken) => ({ hubUrl, accessToken });
const RESULT = `- dataset:
    id: alice/contrib-bench
    task_id: main
  value: 0.5
  source:
    url: https://example.org/run/1
`;
const BENCHMARK = `name: Compat benchmark
description: The benchmark the compatibility suite contributes a result to.
evaluation_framework: lm-evaluation-harness
tasks:
  - id: main
`;
let pullRequest;

test("uploadFile registers a benchmark: a dataset whose eval.yaml is valid", async () => {
  const benchmark = { type: "dataset", name: "alice/contrib-bench" };
  await createRepo({ repo: benchmark, ...as(alice) });
  await uploadFile({ repo: benchmark, file: { path: "eval.yaml", content: new Blob([BENCHMARK]) }, ...as(alice) });
  assert.ok((await datasetInfo({ name: benchmark.name, ...as(alice) })).name === benchmark.name);
});

test("commit with isPullRequest opens a pull request whose URL ends in its number", async () => {
  await createRepo({ repo: model, ...as(alice) });
  const mainBefore = (await modelInfo({ name: model.name, additionalFields: ["sha"], ...as(alice) })).sha;
  const output = await commit({
    repo: model,
    title: "Add a community result",
    operations: [{ operation: "addOrUpdate", path: ".eval_results/community.yaml", content: new Blob([RESULT]) }],
    isPullRequest: true,
    ...as(bob),
  });
  assert.match(output.pullRequestUrl, new RegExp(`^${hubUrl}/alice/pr-contrib/discussions/\\d+$`));
  pullRequest = output.pullRequestUrl.split("/").pop();
  assert.equal(pullRequest, "1");
  const mainAfter = (await modelInfo({ name: model.name, additionalFields: ["sha"], ...as(alice) })).sha;
  assert.equal(mainAfter, mainBefore);
  const blob = await downloadFile({ repo: model, path: ".eval_results/community.yaml", revision: "refs/pr/1",
    ...as(bob) });
  assert.equal(await blob.text(), RESULT);
});

test("a follow-up commit to refs/pr/N adds to the pull request", async () => {
  await uploadFile({ repo: model, file: { path: "notes.md", content: new Blob(["run on 8 GPUs\n"]) },
    branch: `refs/pr/${pullRequest}`, ...as(bob) });
  const paths = [];
  for await (const entry of listFiles({ repo: model, revision: `refs/pr/${pullRequest}`, recursive: true,
    ...as(bob) })) {
    paths.push(entry.path);
  }
  assert.ok(paths.includes("notes.md") && paths.includes(".eval_results/community.yaml"));
  assert.equal(await downloadFile({ repo: model, path: "notes.md", ...as(bob) }), null);
});

// The leaderboard is computed by the index from the open pull request: the row carries the PR number and the
// community badge, never trusted from the file.
test("the pull request's result appears on the benchmark's leaderboard with the community badge", async () => {
  const response = await fetch(`${hubUrl}/api/datasets/alice/contrib-bench/leaderboard?task_id=main`);
  assert.equal(response.status, 200);
  const rows = await response.json();
  const row = rows.find((r) => r.modelId === "alice/pr-contrib" && r.pullRequest === Number(pullRequest));
  assert.ok(row, `no row of the pull request in ${JSON.stringify(rows)}`);
  assert.ok(row.badges.some((badge) => badge.type === "community"), JSON.stringify(row.badges));
});
