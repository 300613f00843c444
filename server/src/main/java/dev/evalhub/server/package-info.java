/**
 * The hub's HTTP server: git over smart HTTP, authentication and the repository API, on Javalin and
 * Jetty.
 */
package dev.evalhub.server;
