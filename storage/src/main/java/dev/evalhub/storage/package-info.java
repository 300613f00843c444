/**
 * The hub's git storage: repositories, accounts, push rules, server-side commits and ref-change
 * events.
 */
package dev.evalhub.storage;
