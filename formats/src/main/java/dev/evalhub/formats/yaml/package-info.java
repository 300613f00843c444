/**
 * A bounded YAML 1.2 reader that keeps positions and exact scalar text, built on SnakeYAML Engine's
 * events.
 */
package dev.evalhub.formats.yaml;
