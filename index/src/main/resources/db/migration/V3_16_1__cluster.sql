-- Issue 16, several instances on one PostgreSQL database. These two tables are NOT derived from git: a reindex
-- never clears them (IndexTables.ALL_TABLES does not name them).
-- The ref-change event log when the index is PostgreSQL (SqlEventStore; the embedded default keeps events.log):
-- seq is dense and ordered across every process (appends lock the table against each other, see SqlEventStore).
-- event_time is the Instant's ISO-8601 text, exactly as events.log spells it.
CREATE TABLE events (
  seq BIGINT NOT NULL PRIMARY KEY,
  event_time VARCHAR(64) NOT NULL,
  repo VARCHAR(300) NOT NULL,
  ref_name VARCHAR(1000) NOT NULL,
  old_id VARCHAR(64) NOT NULL,
  new_id VARCHAR(64) NOT NULL,
  actor VARCHAR(300) NOT NULL
);
-- The pages' sign-in sessions when the index is PostgreSQL (SqlSessions; the embedded default keeps them in memory):
-- id is the cookie, csrf the form token, token the account's token once signed in; used_at (epoch milliseconds)
-- bounds their age and count.
CREATE TABLE web_sessions (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  csrf VARCHAR(64) NOT NULL,
  token VARCHAR(128),
  used_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_use ON web_sessions (used_at);
