/**
 * HTTP fixtures of the server for tests, published in the server's test-jar ({@code
 * <type>test-jar</type><scope>test</scope>}): {@link dev.evalhub.server.testing.TestHub}, a real
 * hub on port 0 with fluent accounts and repositories, and {@link
 * dev.evalhub.server.testing.HubApi}, a JSON client of its API. They use the server's public API
 * only. The git command line, the repository builder and index dumps are in {@code
 * evalhub-test-support} ({@code dev.evalhub.testing}); a storage on a data folder is storage's
 * test-jar ({@code dev.evalhub.storage.testing}).
 */
package dev.evalhub.server.testing;
