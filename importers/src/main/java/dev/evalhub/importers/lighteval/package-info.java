/**
 * The Hugging Face lighteval reader: {@code results_<timestamp>.json} files (one result per task
 * and metric, with {@code <metric>_stderr}) and the {@code details_<task>_<timestamp>.parquet}
 * files behind them, read with DuckDB. The mapping is written down in {@code
 * docs/importing/lighteval.md}.
 */
package dev.evalhub.importers.lighteval;
