-- Issue 13: a task's metric.range and reference methodology are indexed, and a result's methodology group gains
-- task_version (and results stating no methodology get their own group). Both are derived from the repositories,
-- so the derived rows are dropped here and read again: the start-up reconcile reads every repository from
-- scratch, which gives what a rebuild gives (repositories, pull-request statuses and trusted keys are kept).
ALTER TABLE benchmark_tasks ADD COLUMN range_min DOUBLE PRECISION;
ALTER TABLE benchmark_tasks ADD COLUMN range_max DOUBLE PRECISION;
ALTER TABLE benchmark_tasks ADD COLUMN reference_json VARCHAR(4000);
DELETE FROM results;
DELETE FROM invalid_files;
DELETE FROM benchmark_tasks;
DELETE FROM benchmarks;
DELETE FROM ref_failures;
DELETE FROM indexed_refs;
