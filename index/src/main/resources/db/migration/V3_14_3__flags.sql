-- Issue 14: flags raised against models' results, derived from the flag records on refs/meta/pr/N of each model
-- repository (kind "flag"): the flag's number, category and status (open, upheld, rejected) and the result it targets
-- (file, dataset, task, notes, the entry's sha256 when flagged). Rebuilt by reindex like every table; no flag existed
-- before this version, so nothing is read again here.
CREATE TABLE flags (
  repo_key VARCHAR(300) NOT NULL,
  flag_number INTEGER NOT NULL,
  category VARCHAR(40) NOT NULL,
  status VARCHAR(16) NOT NULL,
  file_path VARCHAR(1000) NOT NULL,
  dataset_key VARCHAR(300) NOT NULL,
  task_id VARCHAR(300) NOT NULL,
  notes VARCHAR NOT NULL,
  entry_sha256 VARCHAR(64) NOT NULL,
  PRIMARY KEY (repo_key, flag_number)
);
CREATE INDEX flags_by_task ON flags (dataset_key, task_id);
