-- Lookups by id: the benchmark listing joins datasets by id; a model's results and invalid files by repository.
CREATE INDEX repositories_by_id ON repositories (repo_id);
CREATE INDEX results_by_repo ON results (repo_key);
