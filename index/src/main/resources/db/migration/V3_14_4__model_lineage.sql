-- Issue 14, lineage: every base_model edge a model's README on main declares, one row per parent in card order.
-- repo_key is the child (a model on the hub); parent_id is the parent as the card spells it, parent_key its index key
-- when it is a model id this hub could hold (NULL otherwise: never on the hub); relation is the child's
-- base_model_relation (adapter, merge, quantized, finetune, or unknown when the card states none).
CREATE TABLE model_lineage (
  repo_key VARCHAR(300) NOT NULL,
  position INTEGER NOT NULL,
  parent_key VARCHAR(300),
  parent_id VARCHAR(300) NOT NULL,
  relation VARCHAR(16) NOT NULL,
  PRIMARY KEY (repo_key, position)
);
CREATE INDEX model_lineage_by_parent ON model_lineage (parent_key);
-- Models' main branches are read again (the start-up reconcile reads every ref the index does not hold from
-- scratch), which fills the table as a rebuild would.
DELETE FROM results WHERE ref_name = 'refs/heads/main'
  AND repo_key IN (SELECT repo_key FROM repositories WHERE repo_type = 'model');
DELETE FROM invalid_files WHERE ref_name = 'refs/heads/main'
  AND repo_key IN (SELECT repo_key FROM repositories WHERE repo_type = 'model');
DELETE FROM ref_failures WHERE ref_name = 'refs/heads/main'
  AND repo_key IN (SELECT repo_key FROM repositories WHERE repo_type = 'model');
DELETE FROM indexed_refs WHERE ref_name = 'refs/heads/main'
  AND repo_key IN (SELECT repo_key FROM repositories WHERE repo_type = 'model');
