// The official @huggingface/hub client reads a model card through evalhub as it does through the Hub: modelInfo and
// listModels with additionalFields (cardData, model-index, library_name, tags, evalResults), and a model card the Hub
// accepts (metric values that are not numbers, a result without a dataset) is accepted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRepo, uploadFile, uploadFiles, modelInfo, listModels } from "@huggingface/hub";
import { hubUrl, alice, bob } from "../lib/env.mjs";

const as = (accessToken) => ({ hubUrl, accessToken });
const text = (s) => new Blob([s]);
const repo = { type: "model", name: "alice/card-compat" };

const CARD = `---
library_name: transformers
pipeline_tag: automatic-speech-recognition
tags: [speech]
model-index:
- name: demo-asr
  results:
  - task: {type: automatic-speech-recognition}
    dataset: {type: librispeech_asr, name: LibriSpeech}
    metrics:
    - {type: wer, value: "20.0 ± 1.2"}
  - task: {type: token-classification}
    metrics:
    - {type: f1, value: pending}
---
# demo-asr
`;

test("a model card the Hub accepts is accepted, and modelInfo reads it back with additionalFields", async () => {
  await createRepo({ repo, ...as(alice) });
  await uploadFile({ repo, file: { path: "README.md", content: text(CARD) }, ...as(alice) });

  const info = await modelInfo({
    name: repo.name, additionalFields: ["cardData", "model-index", "library_name", "tags"], ...as(alice),
  });
  assert.equal(info.task, "automatic-speech-recognition");
  assert.equal(info.library_name, "transformers");
  assert.ok(info.tags.includes("speech"));
  assert.deepEqual(info["model-index"], info.cardData["model-index"]);
  const [asr, ner] = info.cardData["model-index"][0].results;
  assert.equal(asr.metrics[0].value, "20.0 ± 1.2");
  assert.equal(asr.dataset.name, "LibriSpeech");
  assert.equal(ner.dataset, undefined);
  assert.equal(ner.metrics[0].value, "pending");
});

test("listModels by owner with additionalFields answers cardData and evalResults for each model", async () => {
  const bench = { type: "dataset", name: "alice/card-bench-compat" };
  await createRepo({ repo: bench, ...as(alice) });
  await uploadFile({
    repo: bench, ...as(alice),
    file: { path: "eval.yaml", content: text("name: B\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
      + "tasks:\n  - id: t\n") },
  });
  await uploadFiles({
    repo, ...as(alice),
    files: [{ path: ".eval_results/b.yaml", content: text("- dataset:\n    id: alice/card-bench-compat\n"
      + "    task_id: t\n  value: 0.5\n") }],
  });
  await createRepo({ repo: "bob/card-other-compat", ...as(bob) });

  const seen = new Map();
  for await (const m of listModels({
    search: { owner: "alice", query: "card-" }, additionalFields: ["cardData", "evalResults"], ...as(alice),
  })) {
    seen.set(m.name, m);
  }
  assert.deepEqual([...seen.keys()], ["alice/card-compat"]);
  const card = seen.get("alice/card-compat");
  assert.equal(card.task, "automatic-speech-recognition");
  assert.equal(card.cardData.library_name, "transformers");
  assert.equal(card.evalResults.length, 1);
  assert.equal(card.evalResults[0].data.value, 0.5);
});
