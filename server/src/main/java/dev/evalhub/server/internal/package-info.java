/**
 * Implementation of the HTTP server: the git filter, authentication, API routes and error
 * responses.
 */
package dev.evalhub.server.internal;
