/**
 * Accounts' tokens and the hub's verification keys and trusted issuers, as recorded in the admin
 * repository.
 */
package dev.evalhub.domain.account;
