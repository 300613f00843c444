/**
 * Test fixtures shared by the suites of every module, used with {@code <scope>test</scope>} only.
 *
 * <ul>
 *   <li>{@link dev.evalhub.testing.TestRepository}: commits and ref moves straight with JGit,
 *       hostile trees included (gitlinks, symbolic links, folders at file paths, odd modes);
 *   <li>{@link dev.evalhub.testing.GitCli}: the real git command line with an isolated home and a
 *       time-out;
 *   <li>{@link dev.evalhub.testing.IndexTables}: the index's rows as text, for equality checks;
 *   <li>{@link dev.evalhub.testing.TestDatabases}: H2 or a fresh PostgreSQL schema;
 *   <li>{@link dev.evalhub.testing.Samples}: the shared sample files.
 * </ul>
 *
 * <p>Where the fixtures live, and why: this module depends on JGit, JUnit and AssertJ only, so that
 * storage's and index's own tests can use it (Maven refuses a cycle, test scope included, so a
 * module that depends on storage cannot serve storage's tests). Fixtures over a module's own API
 * are that module's test-jar, in a {@code testing} package: {@code dev.evalhub.storage.testing} (a
 * storage on a temporary data folder with fluent accounts and repositories) and {@code
 * dev.evalhub.server.testing} (a hub on port 0 and an API client). Other modules depend on those
 * with {@code <type>test-jar</type><scope>test</scope>}.
 */
package dev.evalhub.testing;
