-- Issue 16, mirrors: the URL of the repository of another hub a repository is a read-only mirror of
-- (its git config's evalhub.mirror-of), NULL for the hub's own. Derived like is_private: a reindex
-- reads it again.
ALTER TABLE repositories ADD COLUMN mirror_of VARCHAR(2000);
