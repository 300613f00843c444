-- Refs that could not be indexed (missing or corrupt objects, a gitlink or symlink where the hub reads a file, a
-- value the database refuses), one row per ref: the rest of the hub goes on, operators see them (/health, doctor).
-- Derived like every table: the same head fails the same way in a rebuild. ref_name '*' is a whole repository,
-- 'refs/meta/pr/' its pull request records. commit_time is the failing commit's time (millis), when readable.
CREATE TABLE ref_failures (
  repo_key VARCHAR(300) NOT NULL,
  ref_name VARCHAR(300) NOT NULL,
  repo_id VARCHAR(300) NOT NULL,
  is_private BOOLEAN NOT NULL,
  commit_id VARCHAR(40),
  commit_time BIGINT,
  error_message VARCHAR NOT NULL,
  PRIMARY KEY (repo_key, ref_name)
);
