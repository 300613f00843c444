/**
 * The hub's git storage: repositories, accounts, push rules, server-side commits and ref-change
 * events. Plumbing below the service layer: it enforces the rules of refs and files but decides no
 * permission (methods take the acting account and trust their caller); every ref the hub moves goes
 * through {@code internal.RefWriter}.
 */
package dev.evalhub.storage;
