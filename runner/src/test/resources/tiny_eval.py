#!/usr/bin/env python3
"""A tiny, real evaluation command for evalhub's runner tests (Python 3 standard library only).

It scores a model's committed answers against a benchmark's committed questions, exact match ignoring
case, and writes what lm-evaluation-harness 0.4 writes with --log_samples: a results_<date_id>.json
and a samples_<task>_<date_id>.jsonl in <output_path>/<model_name_sanitized>/, in the shapes of
lm_eval 0.4.13 (see docs/importing/lm-evaluation-harness.md), so that evalhub's real importer reads
them and the hub can recompute the score from the samples.

  tiny_eval.py --model_path DIR --model_revision SHA --benchmark_path DIR --benchmark_revision SHA
               --tasks TASK --output_path DIR [--first_run_sleeps MARKER]

Inputs: BENCHMARK/data/TASK.jsonl, one {"id", "question", "choices", "answer"} per line (answer: the
index of the right choice); MODEL/answers.json, {"<id>": "<the model's answer>", ...}.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import sys
import time


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    for name in ("model_path", "model_revision", "benchmark_path", "benchmark_revision", "tasks",
                 "output_path"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--first_run_sleeps", metavar="MARKER",
                        help="for tests of a runner stopped mid-job: when MARKER does not exist,"
                             " write this process's id into it and sleep for 10 minutes instead of"
                             " evaluating")
    args = parser.parse_args()
    if args.first_run_sleeps and not os.path.exists(args.first_run_sleeps):
        with open(args.first_run_sleeps, "w") as marker:
            marker.write(str(os.getpid()))
        print("tiny_eval: sleeping", flush=True)
        time.sleep(600)
    task = args.tasks
    data = os.path.join(args.benchmark_path, "data", task + ".jsonl")
    with open(data, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(args.model_path, "answers.json"), encoding="utf-8") as f:
        answers = json.load(f)
    print(f"tiny_eval: {len(docs)} documents of {task}", flush=True)

    generation = {"until": ["\n"], "do_sample": False, "temperature": 0.0, "max_gen_toks": 8}
    samples = []
    for i, doc in enumerate(docs):
        target = doc["choices"][doc["answer"]]
        response = str(answers.get(str(doc["id"]), ""))
        prompt = "Question: " + doc["question"] + "\nAnswer:"
        words = response.split()
        filtered = words[0] if words else "[invalid]"
        score = 1.0 if filtered.lower() == target.lower() else 0.0
        samples.append({
            "doc_id": i,
            "doc": doc,
            "target": target,
            "arguments": {"gen_args_0": {"arg_0": prompt, "arg_1": generation}},
            "resps": [[response]],
            "filtered_resps": [filtered],
            "filter": "strict-match",
            "metrics": ["exact_match"],
            "doc_hash": sha256(json.dumps(doc, sort_keys=True)),
            "prompt_hash": sha256(prompt),
            "target_hash": sha256(target),
            "exact_match": score,
        })
    n = len(samples)
    mean = sum(s["exact_match"] for s in samples) / n
    stderr = math.sqrt(sum((s["exact_match"] - mean) ** 2 for s in samples) / (n - 1) / n) if n > 1 else 0.0

    now = time.time()
    date_id = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%dT%H-%M-%S.%f")
    sanitized = "__".join(p for p in args.model_path.replace("\\", "/").split("/") if p)
    config = {
        "task": task,
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": "data/" + task + ".jsonl"}},
        "test_split": "test",
        "doc_to_text": "Question: {{question}}\nAnswer:",
        "doc_to_target": "{{choices[answer]}}",
        "unsafe_code": False,
        "description": "",
        "target_delimiter": " ",
        "fewshot_delimiter": "\n\n",
        "num_fewshot": 0,
        "metric_list": [{"metric": "exact_match", "aggregation": "mean", "higher_is_better": True,
                         "ignore_case": True}],
        "output_type": "generate_until",
        "generation_kwargs": generation,
        "repeats": 1,
        "filter_list": [{"name": "strict-match", "filter": [
            {"function": "regex", "regex_pattern": "(\\w+)"}, {"function": "take_first"}]}],
        "should_decontaminate": False,
        "metadata": {"version": 1.0},
    }
    results = {
        "results": {task: {"name": task, "alias": task, "sample_len": n,
                           "exact_match,strict-match": mean,
                           "exact_match_stderr,strict-match": stderr}},
        "group_subtasks": {task: []},
        "configs": {task: config},
        "versions": {task: 1.0},
        "n-shot": {task: 0},
        "higher_is_better": {task: {"exact_match": True}},
        "n-samples": {task: {"original": n, "effective": n}},
        "config": {
            "model": "hf",
            "model_args": "pretrained=" + args.model_path + ",revision=" + args.model_revision,
            "model_revision": args.model_revision,
            "model_sha": args.model_revision,
            "batch_size": 1,
            "batch_sizes": [],
            "device": "cpu",
            "use_cache": None,
            "limit": None,
            "bootstrap_iters": 0,
            "gen_kwargs": None,
            "random_seed": 0,
            "numpy_seed": 1234,
            "torch_seed": 1234,
            "fewshot_seed": 1234,
        },
        "git_hash": None,
        "date": now,
        "lm_eval_version": "0.4.13",
        "task_hashes": {task: sha256(json.dumps(docs, sort_keys=True))},
        "model_source": "hf",
        "model_name": args.model_path,
        "model_name_sanitized": sanitized,
        "system_instruction": None,
        "system_instruction_sha": None,
        "fewshot_as_multiturn": False,
        "chat_template": None,
        "chat_template_sha": None,
        "total_evaluation_time_seconds": str(time.time() - now),
    }
    out = os.path.join(args.output_path, sanitized)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "results_" + date_id + ".json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    with open(os.path.join(out, "samples_" + task + "_" + date_id + ".jsonl"), "w", encoding="utf-8") as f:
        for s in samples:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    print(f"tiny_eval: exact_match {mean:.4f} over {n} documents", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
