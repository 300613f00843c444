-- Issue 11: one key convention. A benchmark's dataset, and the dataset a result names, are keyed like every other
-- repository: by the repository's URL path in lower case (datasets/ns/name), no longer by ns/name.
UPDATE benchmark_tasks SET dataset_key = 'datasets/' || dataset_key;
UPDATE benchmarks SET dataset_key = 'datasets/' || dataset_key;
UPDATE results SET dataset_key = 'datasets/' || dataset_key;
