-- Issue 14, discrepancies. A task's metric.tolerance and the metric keys of its sources[] are indexed (the card
-- results a benchmark maps are matched on them at read time), and the numeric results of a model card's
-- model-index on main are indexed as card_results: a source for discrepancies only, never a leaderboard row. All
-- derived from the repositories, so the derived rows are dropped and read again as in V3_13_1.
ALTER TABLE benchmark_tasks ADD COLUMN metric_tolerance DOUBLE PRECISION;
ALTER TABLE benchmark_tasks ADD COLUMN source_metrics VARCHAR(4000);
CREATE TABLE card_results (
  repo_key VARCHAR(300) NOT NULL,
  ref_name VARCHAR(300) NOT NULL,
  file_path VARCHAR(1000) NOT NULL,
  position INTEGER NOT NULL,
  commit_id CHAR(40) NOT NULL,
  commit_author VARCHAR(300) NOT NULL,
  commit_time BIGINT NOT NULL,
  dataset_key VARCHAR(300) NOT NULL,
  dataset_config VARCHAR(300),
  dataset_split VARCHAR(300),
  metric_type VARCHAR(300) NOT NULL,
  metric_name VARCHAR(300),
  result_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (repo_key, ref_name, file_path, position)
);
CREATE INDEX card_results_by_dataset ON card_results (dataset_key);
DELETE FROM results;
DELETE FROM invalid_files;
DELETE FROM benchmark_tasks;
DELETE FROM benchmarks;
DELETE FROM ref_failures;
DELETE FROM indexed_refs;
