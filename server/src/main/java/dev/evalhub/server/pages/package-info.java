/**
 * The web pages: server-rendered HTML (jte templates precompiled at build time, escaped by default)
 * at the Hugging Face paths, sign-in with a token into a session cookie, and the CSRF and
 * Content-Security-Policy rules every page follows. Handlers parse the request, make one call to a
 * page service and render the view it returns; the page services call the services of {@code
 * dev.evalhub.service} (which check the caller's permissions), never storage, the index, JDBC or
 * JGit.
 */
package dev.evalhub.server.pages;
