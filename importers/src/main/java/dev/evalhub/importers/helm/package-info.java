/**
 * The Stanford HELM reader: a run folder ({@code run_spec.json}, {@code stats.json}, and {@code
 * per_instance_stats.json}, {@code scenario_state.json}, {@code scenario.json} when given) read
 * into one result per exposed metric of the test split, with the standard error computed from the
 * per-instance stats. The mapping is written down in {@code docs/importing/helm.md}.
 */
package dev.evalhub.importers.helm;
