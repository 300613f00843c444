/**
 * Storage fixtures for tests, published in storage's test-jar ({@code
 * <type>test-jar</type><scope>test</scope>}): {@link dev.evalhub.storage.testing.TestStorage}, a
 * storage on a test's data folder with fluent accounts and repositories. Fixtures that need no
 * storage (the repository builder, the git command line, index dumps) are in the {@code
 * evalhub-test-support} module ({@code dev.evalhub.testing}), which storage's tests use too.
 */
package dev.evalhub.storage.testing;
