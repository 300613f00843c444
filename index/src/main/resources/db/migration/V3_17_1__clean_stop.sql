-- The index's position when the server that last wrote it stopped cleanly (the index then held
-- every ref of every repository), or NULL: the next start takes it (setting NULL) and, when it still
-- equals last_sequence and no writer of the data folder ended uncleanly, skips the walks over every
-- repository before serving (EvalHub.open, ARCHITECTURE "Start, catch-up, reconcile, reindex").
ALTER TABLE index_state ADD COLUMN clean_stop_sequence BIGINT;
