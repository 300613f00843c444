-- The fencing token of the ingestion leader of several instances on one PostgreSQL database (LeaderEpoch,
-- ARCHITECTURE "Several instances"): every instance that takes the leadership lock adds 1 to epoch (row lock
-- FOR UPDATE) and each of its index write transactions locks the row FOR SHARE and proceeds only while epoch is
-- still its own. One row, id 1. NOT derived from git: a reindex never clears it (IndexTables.ALL_TABLES does not
-- name it). Unused by the embedded default (one process needs no fence).
CREATE TABLE index_leader (
  id INT NOT NULL PRIMARY KEY,
  epoch BIGINT NOT NULL
);
INSERT INTO index_leader (id, epoch) VALUES (1, 0);
