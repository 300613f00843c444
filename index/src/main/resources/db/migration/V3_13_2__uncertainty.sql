-- Issue 13: uncertainty on every row. A task's metric.kind is indexed; a result keeps its num_samples and what the
-- hub read of its per-sample details (the file at details.path at the same commit, checked against details.sha256):
-- the outcome, the metric whose per-item mean reproduces the value, a summary (count, binary, standard error,
-- clusters) and the per-item scores themselves (deflated, for paired tests); details_path and details_blob (the git
-- object read) let an incremental update notice a details file that changed under an unchanged results file. All derived from the repositories, so
-- the derived rows are dropped and read again as in V3_13_1.
ALTER TABLE benchmark_tasks ADD COLUMN metric_kind VARCHAR(20);
ALTER TABLE results ADD COLUMN num_samples BIGINT;
ALTER TABLE results ADD COLUMN details_path VARCHAR(1000);
ALTER TABLE results ADD COLUMN details_blob CHAR(40);
ALTER TABLE results ADD COLUMN details_status VARCHAR(40);
ALTER TABLE results ADD COLUMN details_message VARCHAR(2000);
ALTER TABLE results ADD COLUMN sample_metric VARCHAR(300);
ALTER TABLE results ADD COLUMN sample_count INTEGER;
ALTER TABLE results ADD COLUMN sample_binary BOOLEAN;
ALTER TABLE results ADD COLUMN sample_stderr DOUBLE PRECISION;
ALTER TABLE results ADD COLUMN sample_clusters INTEGER;
ALTER TABLE results ADD COLUMN sample_clustered_stderr DOUBLE PRECISION;
ALTER TABLE results ADD COLUMN samples_sha256 CHAR(64);
ALTER TABLE results ADD COLUMN samples BYTEA;
DELETE FROM results;
DELETE FROM invalid_files;
DELETE FROM benchmark_tasks;
DELETE FROM benchmarks;
DELETE FROM ref_failures;
DELETE FROM indexed_refs;
CREATE INDEX results_by_samples ON results (samples_sha256);
