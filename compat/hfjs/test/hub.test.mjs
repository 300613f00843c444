// The official @huggingface/hub client, unchanged, against a running evalhub: the results workflow end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createRepo, uploadFile, uploadFiles, listFiles, fileExists, downloadFile, modelInfo, datasetInfo,
  listModels, listDatasets, whoAmI, deleteFile, deleteRepo, pathsInfo,
} from "@huggingface/hub";
import { hubUrl, alice, bob } from "../lib/env.mjs";

const model = { type: "model", name: "alice/gpt-compat" };
const dataset = { type: "dataset", name: "alice/bench-compat" };
const as = (accessToken) => ({ hubUrl, accessToken });
const text = (s) => new Blob([s]);

const RESULT = `- dataset:
    id: alice/bench-compat
    task_id: main
  value: 0.75
`;
const QUOTED_VALUE = `- dataset:
    id: alice/bench-compat
    task_id: main
  value: "0.75"
`;

test("createRepo makes a public model and a private dataset (private flag)", async () => {
  const created = await createRepo({ repo: model, ...as(alice) });
  assert.equal(created.repoUrl, `${hubUrl}/alice/gpt-compat`);
  const ds = await createRepo({ repo: dataset, private: true, ...as(alice) });
  assert.equal(ds.repoUrl, `${hubUrl}/datasets/alice/bench-compat`);
  assert.equal((await datasetInfo({ name: dataset.name, ...as(alice) })).private, true);
});

test("createRepo with visibility makes private and public repositories", async () => {
  await createRepo({ repo: "alice/secret-compat", visibility: "private", ...as(alice) });
  await createRepo({ repo: { type: "dataset", name: "alice/open-compat" }, visibility: "public", ...as(alice) });
  assert.equal((await modelInfo({ name: "alice/secret-compat", ...as(alice) })).private, true);
  assert.equal((await datasetInfo({ name: "alice/open-compat", ...as(alice) })).private, false);
});

test("createRepo with files puts them in the first commit, and refuses an invalid results file", async () => {
  const repo = { type: "model", name: "alice/seeded-compat" };
  await createRepo({ repo, files: [{ path: ".eval_results/bench.yaml", content: text(RESULT) }], ...as(alice) });
  const blob = await downloadFile({ repo, path: ".eval_results/bench.yaml", ...as(alice) });
  assert.equal(await blob.text(), RESULT);
  await assert.rejects(
    createRepo({ repo: "alice/refused-compat", files: [{ path: ".eval_results/x.yaml", content: text(QUOTED_VALUE) }],
      ...as(alice) }),
    (e) => e.statusCode === 400 && e.message.includes(".eval_results/x.yaml:4:10: value must be a number"),
  );
  await assert.rejects(modelInfo({ name: "alice/refused-compat", ...as(alice) }), (e) => e.statusCode === 404);
});

test("uploadFile and uploadFiles commit files that listFiles shows, flat and recursive", async () => {
  await uploadFile({ repo: model, file: { path: "README.md", content: text("# gpt\n") }, ...as(alice) });
  await uploadFiles({
    repo: model,
    files: [
      { path: ".eval_results/bench.yaml", content: text(RESULT) },
      { path: "configs/v1/config.json", content: text('{"a":1}') },
      { path: "empty.txt", content: text("") },
    ],
    ...as(alice),
  });
  const top = [];
  for await (const entry of listFiles({ repo: model, ...as(alice) })) top.push(entry.path);
  assert.deepEqual(top.sort(), [".eval_results", ".gitattributes", "README.md", "configs", "empty.txt"]);
  const all = [];
  for await (const entry of listFiles({ repo: model, recursive: true, ...as(alice) })) all.push(entry);
  assert.ok(all.some((e) => e.path === "configs/v1/config.json" && e.type === "file" && e.size === 7));
  assert.ok(all.some((e) => e.path === "configs/v1" && e.type === "directory"));
});

test("fileExists answers true and false", async () => {
  assert.equal(await fileExists({ repo: model, path: "configs/v1/config.json", ...as(alice) }), true);
  assert.equal(await fileExists({ repo: model, path: "nope.json", ...as(alice) }), false);
});

test("downloadFile reads a whole file, a slice, an empty file, and null for a missing one", async () => {
  const blob = await downloadFile({ repo: model, path: "configs/v1/config.json", ...as(alice) });
  assert.equal(await blob.text(), '{"a":1}');
  assert.equal(await blob.slice(1, 4).text(), '"a"');
  const empty = await downloadFile({ repo: model, path: "empty.txt", ...as(alice) });
  assert.equal(empty.size, 0);
  assert.equal(await downloadFile({ repo: model, path: "missing.txt", ...as(alice) }), null);
});

test("pathsInfo describes the files and folders that exist", async () => {
  const info = await pathsInfo({ repo: model, paths: ["configs/v1/config.json", "configs", "nope"], expand: true,
    ...as(alice) });
  assert.deepEqual(info.map((e) => [e.path, e.type, e.size]),
    [["configs/v1/config.json", "file", 7], ["configs", "directory", 0]]);
});

test("modelInfo and datasetInfo describe the repositories at HEAD", async () => {
  const info = await modelInfo({ name: model.name, additionalFields: ["sha"], ...as(alice) });
  assert.equal(info.name, "alice/gpt-compat");
  assert.equal(info.private, false);
  assert.match(info.sha, /^[0-9a-f]{40}$/);
  assert.ok(info.updatedAt instanceof Date && !Number.isNaN(info.updatedAt.getTime()));
  const ds = await datasetInfo({ name: dataset.name, ...as(alice) });
  assert.equal(ds.name, "alice/bench-compat");
});

test("listModels and listDatasets search, and follow Link pages", async () => {
  for (const name of ["alice/page-a", "alice/page-b", "alice/page-c"]) {
    await createRepo({ repo: name, ...as(alice) });
  }
  let requests = 0;
  // The client always asks for up to 500 per page; ask for 2 so that it must follow the Link header.
  const smallPages = (url, init) => {
    requests++;
    return fetch(String(url).replace("limit=500", "limit=2"), init);
  };
  const found = [];
  for await (const m of listModels({ search: { query: "page-" }, fetch: smallPages, ...as(alice) })) {
    found.push(m.name);
  }
  assert.deepEqual(found.sort(), ["alice/page-a", "alice/page-b", "alice/page-c"]);
  assert.equal(requests, 2);
  const limited = [];
  for await (const m of listModels({ search: { owner: "alice" }, limit: 2, ...as(alice) })) limited.push(m);
  assert.equal(limited.length, 2);
  const datasets = [];
  for await (const d of listDatasets({ search: { query: "compat" }, ...as(alice) })) datasets.push(d.name);
  assert.deepEqual(datasets.sort(), ["alice/bench-compat", "alice/open-compat"]);
});

test("whoAmI names the user and the token", async () => {
  const me = await whoAmI({ ...as(alice) });
  assert.equal(me.name, "alice");
  assert.equal(me.type, "user");
  assert.equal(me.auth.accessToken.role, "write");
  assert.ok(me.auth.accessToken.createdAt instanceof Date);
});

test("a bad token is refused", async () => {
  await assert.rejects(whoAmI({ hubUrl, accessToken: "hf_thisIsNotAValidTokenAtAllReally" }),
    (e) => e.statusCode === 401);
  await assert.rejects(modelInfo({ name: model.name, hubUrl, accessToken: "hf_thisIsNotAValidTokenAtAll" }),
    (e) => e.statusCode === 401);
});

test("a private repository is invisible to another user's token", async () => {
  await assert.rejects(modelInfo({ name: "alice/secret-compat", ...as(bob) }), (e) => e.statusCode === 404);
  assert.equal(await fileExists({ repo: "alice/secret-compat", path: ".gitattributes", ...as(bob) }), false);
  const seen = [];
  for await (const m of listModels({ search: { owner: "alice" }, ...as(bob) })) seen.push(m.name);
  assert.ok(seen.includes("alice/gpt-compat"));
  assert.ok(!seen.includes("alice/secret-compat"));
  const datasets = [];
  for await (const d of listDatasets({ search: { owner: "alice" }, ...as(bob) })) datasets.push(d.name);
  assert.ok(!datasets.includes("alice/bench-compat"));
});

test("an invalid results file is refused with the positioned message, and nothing is committed", async () => {
  const before = (await modelInfo({ name: model.name, additionalFields: ["sha"], ...as(alice) })).sha;
  await assert.rejects(
    uploadFile({ repo: model, file: { path: ".eval_results/bad.yaml", content: text(QUOTED_VALUE) }, ...as(alice) }),
    (e) => e.statusCode === 400 && e.message.includes(".eval_results/bad.yaml:4:10: value must be a number"),
  );
  const after = (await modelInfo({ name: model.name, additionalFields: ["sha"], ...as(alice) })).sha;
  assert.equal(after, before);
});

test("deleteFile removes a file, then downloadFile answers null", async () => {
  await deleteFile({ repo: model, path: "README.md", ...as(alice) });
  assert.equal(await downloadFile({ repo: model, path: "README.md", ...as(alice) }), null);
  assert.equal(await fileExists({ repo: model, path: "empty.txt", ...as(alice) }), true);
});

test("deleteRepo deletes a repository", async () => {
  await deleteRepo({ repo: "alice/page-c", ...as(alice) });
  await assert.rejects(modelInfo({ name: "alice/page-c", ...as(alice) }), (e) => e.statusCode === 404);
});
