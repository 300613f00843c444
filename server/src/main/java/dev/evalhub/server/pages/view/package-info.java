/**
 * The view models of the pages: immutable records holding exactly what a template shows, already
 * formatted, so that templates contain no logic beyond loops and conditions. Public because the
 * precompiled templates live in jte's own package.
 */
package dev.evalhub.server.pages.view;
