/**
 * The EleutherAI lm-evaluation-harness reader: {@code results_*.json} (lm_eval 0.4.x and the legacy
 * 0.3 shape) with the run's {@code samples_<task>_<date_id>.jsonl} files, into results whose
 * methodology (scoring, few-shot count, prompt hash, chat template, generation settings, model
 * revision, precision…) is read from the log. See {@code docs/importing/lm-evaluation-harness.md}.
 */
package dev.evalhub.importers.lmeval;
