/**
 * The hub's evaluation runner: a worker that claims queued jobs through {@code JobService}, runs
 * the operator's recipe for each as a limited subprocess ({@link dev.evalhub.runner.JobRun}) and
 * hands its output back to the service, which imports, signs and publishes it. A front end like the
 * server and the command line: it calls services only.
 */
package dev.evalhub.runner;
