-- The derived index. Portable SQL: the same file runs on H2 and on PostgreSQL.
-- Keys of repositories are lower-case url paths ("alice/gpt", "datasets/cais/hle"): ids match case-insensitively.

CREATE TABLE index_state (
  id INTEGER PRIMARY KEY,
  last_sequence BIGINT NOT NULL
);
INSERT INTO index_state (id, last_sequence) VALUES (1, 0);

CREATE TABLE repositories (
  repo_key VARCHAR(300) PRIMARY KEY,
  repo_type VARCHAR(16) NOT NULL,
  repo_id VARCHAR(300) NOT NULL,
  namespace VARCHAR(100) NOT NULL,
  owner_is_org BOOLEAN NOT NULL,
  is_private BOOLEAN NOT NULL,
  base_model VARCHAR(1000)
);

-- The last commit indexed per ref: main, and refs/pr/N (pr_number set).
CREATE TABLE indexed_refs (
  repo_key VARCHAR(300) NOT NULL,
  ref_name VARCHAR(300) NOT NULL,
  pr_number INTEGER,
  commit_id CHAR(40) NOT NULL,
  PRIMARY KEY (repo_key, ref_name)
);

-- Pull request status (open, closed, merged), from the pull-request records.
CREATE TABLE pull_requests (
  repo_key VARCHAR(300) NOT NULL,
  pr_number INTEGER NOT NULL,
  status VARCHAR(16) NOT NULL,
  PRIMARY KEY (repo_key, pr_number)
);

-- Benchmarks: dataset repositories whose main holds a valid eval.yaml.
CREATE TABLE benchmarks (
  dataset_key VARCHAR(300) PRIMARY KEY,
  dataset_id VARCHAR(300) NOT NULL,
  name VARCHAR(1000) NOT NULL,
  description VARCHAR NOT NULL,
  framework VARCHAR(100) NOT NULL,
  commit_id CHAR(40) NOT NULL
);

CREATE TABLE benchmark_tasks (
  dataset_key VARCHAR(300) NOT NULL,
  task_id VARCHAR(300) NOT NULL,
  position INTEGER NOT NULL,
  config VARCHAR(300) NOT NULL,
  split VARCHAR(300) NOT NULL,
  metric_name VARCHAR(300),
  higher_is_better BOOLEAN NOT NULL,
  PRIMARY KEY (dataset_key, task_id)
);

-- Every valid result entry of main and of every PR ref, with its provenance and computed verification.
CREATE TABLE results (
  repo_key VARCHAR(300) NOT NULL,
  ref_name VARCHAR(300) NOT NULL,
  file_path VARCHAR(1000) NOT NULL,
  entry_index INTEGER NOT NULL,
  pr_number INTEGER,
  commit_id CHAR(40) NOT NULL,
  commit_author VARCHAR(300) NOT NULL,
  commit_time BIGINT NOT NULL,
  dataset_key VARCHAR(300) NOT NULL,
  task_id VARCHAR(300) NOT NULL,
  result_value DOUBLE PRECISION NOT NULL,
  stderr DOUBLE PRECISION,
  date_text VARCHAR(100),
  effective_time BIGINT NOT NULL,
  source_url VARCHAR(2000),
  source_label VARCHAR(1000),
  notes VARCHAR,
  verified BOOLEAN NOT NULL,
  verify_reason VARCHAR(2000),
  verify_issuer VARCHAR(1000),
  methodology_sha256 CHAR(64),
  group_key VARCHAR(2000) NOT NULL,
  entry_sha256 CHAR(64) NOT NULL,
  entry_json VARCHAR NOT NULL,
  PRIMARY KEY (repo_key, ref_name, file_path, entry_index)
);
CREATE INDEX results_by_task ON results (dataset_key, task_id);

-- Files that failed validation (eval.yaml, .eval_results/*.yaml, README.md), with their diagnostics.
CREATE TABLE invalid_files (
  repo_key VARCHAR(300) NOT NULL,
  ref_name VARCHAR(300) NOT NULL,
  file_path VARCHAR(1000) NOT NULL,
  pr_number INTEGER,
  commit_id CHAR(40) NOT NULL,
  diagnostics VARCHAR NOT NULL,
  PRIMARY KEY (repo_key, ref_name, file_path)
);
