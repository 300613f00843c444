-- Issue 14: task versions and invalidation with a public record. A task's version, status, status_reason and
-- invalid_versions (eval.yaml's evalhub.tasks.<id>) are indexed, a result's methodology.task_version is a column
-- (so that SQL counts and selects by it), and benchmark_changes holds the changes record derived from the git
-- history of eval.yaml on main (one row per change, position 0 the newest; how many results each affects is
-- counted when read). All derived from the repositories, so the derived rows are dropped and read again as in
-- V3_13_1.
ALTER TABLE benchmark_tasks ADD COLUMN task_version VARCHAR;
ALTER TABLE benchmark_tasks ADD COLUMN task_status VARCHAR(20);
ALTER TABLE benchmark_tasks ADD COLUMN status_reason VARCHAR;
ALTER TABLE benchmark_tasks ADD COLUMN invalid_versions VARCHAR;
ALTER TABLE results ADD COLUMN task_version VARCHAR;
CREATE TABLE benchmark_changes (
  dataset_key VARCHAR(300) NOT NULL,
  position INTEGER NOT NULL,
  commit_id CHAR(40) NOT NULL,
  account VARCHAR NOT NULL,
  commit_time BIGINT NOT NULL,
  task_id VARCHAR(300) NOT NULL,
  field VARCHAR(100) NOT NULL,
  old_value VARCHAR,
  new_value VARCHAR,
  reason VARCHAR NOT NULL,
  PRIMARY KEY (dataset_key, position)
);
CREATE INDEX results_by_task_version ON results (dataset_key, task_id, task_version);
DELETE FROM results;
DELETE FROM invalid_files;
DELETE FROM benchmark_tasks;
DELETE FROM benchmarks;
DELETE FROM ref_failures;
DELETE FROM indexed_refs;
