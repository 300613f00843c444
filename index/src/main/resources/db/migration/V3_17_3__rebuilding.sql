-- Set by a rebuild (evalhub reindex) in the transaction that empties the tables and cleared with its
-- final position: while it is set the index is not whole (a rebuild that failed or was killed half
-- way), so no clean stop is recorded or taken (IndexTables.recordCleanStop/takeCleanStop) and every
-- start walks every repository until a rebuild completes.
ALTER TABLE index_state ADD COLUMN rebuilding BOOLEAN DEFAULT FALSE NOT NULL;
