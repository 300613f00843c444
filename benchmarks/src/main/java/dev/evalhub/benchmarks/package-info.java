/** JMH benchmarks of evalhub's hot paths; built into {@code benchmarks/target/benchmarks.jar}. */
package dev.evalhub.benchmarks;
